#include "wire/client/error_reply.hpp"

#include <pugixml.hpp>

#include <array>
#include <utility>

namespace jg::wire {

std::string_view reason_phrase(int status) {
    static constexpr std::array<std::pair<int, std::string_view>, 17> k_phrases{{
        {301, "Moved Permanently"},
        {302, "Found"},
        {304, "Not Modified"},
        {307, "Temporary Redirect"},
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {409, "Conflict"},
        {411, "Length Required"},
        {412, "Precondition Failed"},
        {413, "Request Entity Too Large"},
        {500, "Internal Server Error"},
        {501, "Not Implemented"},
        {502, "Bad Gateway"},
        {503, "Service Unavailable"},
    }};
    for (const auto& [code, phrase] : k_phrases)
        if (code == status) return phrase;
    return {};
}

namespace {

pugi::xml_node find_error(const pugi::xml_node& node) {
    if (std::string_view(node.name()) == "Error" && node.child("Code")) return node;
    for (auto child : node.children())
        if (auto found = find_error(child)) return found;
    return {};
}

}  // namespace

Error error_from_response(const HttpResponse& response) {
    pugi::xml_document doc;
    if (!response.body.empty() && doc.load_buffer(response.body.data(), response.body.size())) {
        if (auto error = find_error(doc)) {
            return Error{error.child("Code").text().get(), error.child("Message").text().get(), std::nullopt};
        }
    }
    return Error{std::to_string(response.status), std::string(reason_phrase(response.status)), std::nullopt};
}

}  // namespace jg::wire
