// Breadth-first search over the graph's states from one origin, reusing its buffers
// between origins (an epoch stamp instead of clearing).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "jump/audit/graph.hpp"

namespace jg::jump::audit {

class Reach {
public:
    explicit Reach(Graph& g) : m_g(g), m_stamp(g.size() * 3, 0), m_parent(g.size() * 3), m_edge(g.size() * 3) {}

    // States reachable from `origin` (origin first, then by distance). `assume_only`
    // follows sts:AssumeRole edges only (and computes no others); `stop` ends the search at a state it accepts.
    template <class Stop>
    const std::vector<uint32_t>& run(uint32_t origin, bool assume_only, Stop&& stop) {
        ++m_epoch;
        m_order.clear();
        m_order.push_back(origin);
        m_stamp[origin] = m_epoch;
        for (size_t i = 0; i < m_order.size(); ++i) {
            uint32_t s = m_order[i];
            if (i > 0 && stop(s)) break;
            for (const Edge& e : assume_only ? m_g.assume_edges(s) : m_g.edges(s)) {
                if (m_stamp[e.to] == m_epoch) continue;
                m_stamp[e.to] = m_epoch;
                m_parent[e.to] = s;
                m_edge[e.to] = e;
                m_order.push_back(e.to);
            }
        }
        return m_order;
    }
    const std::vector<uint32_t>& run(uint32_t origin, bool assume_only) {
        return run(origin, assume_only, [](uint32_t) { return false; });
    }

    bool seen(uint32_t state) const { return m_stamp[state] == m_epoch; }
    // The hops (from-state, edge) from the origin to `state`.
    std::vector<std::pair<uint32_t, Edge>> path_to(uint32_t state) const {
        std::vector<std::pair<uint32_t, Edge>> hops;
        for (uint32_t s = state; s != m_order.front(); s = m_parent[s]) hops.push_back({m_parent[s], m_edge[s]});
        return {hops.rbegin(), hops.rend()};
    }

private:
    Graph& m_g;
    uint32_t m_epoch = 0;
    std::vector<uint32_t> m_stamp, m_parent;
    std::vector<Edge> m_edge;
    std::vector<uint32_t> m_order;
};

}  // namespace jg::jump::audit
