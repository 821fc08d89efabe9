// The cloud fixture plus what stack tests need: the seed templates, S3 uploads, and
// waiting for a stack's operation to end (the engine works in the background).
#pragma once

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "cloud/input.hpp"
#include "core/json.hpp"
#include "fixture.hpp"

namespace jg::cloud::testing {

class StackTest : public CloudTest {
protected:
    static std::string seed(const std::string& file) {
        std::ifstream f(std::string(JUMPGATE_SOURCE_DIR) + "/../shared/seed/templates/" + file);
        EXPECT_TRUE(f) << "missing seed template " << file;
        std::stringstream ss;
        ss << f.rdbuf();
        return ss.str();
    }

    // CreateStack input: {StackName, TemplateBody|TemplateURL, Parameters, Capabilities, ...}.
    static Node stack_input(const std::string& name, const std::string& body,
                            const std::vector<std::pair<std::string, std::string>>& params = {},
                            const std::string& capability = "CAPABILITY_NAMED_IAM") {
        Node in = Node::make_object();
        in.add("StackName", str(name));
        if (body.rfind("https://", 0) == 0) in.add("TemplateURL", str(body));
        else in.add("TemplateBody", str(body));
        Node p = Node::make_array();
        for (const auto& [k, v] : params) {
            Node item = Node::make_object();
            item.add("ParameterKey", str(k));
            item.add("ParameterValue", str(v));
            p.push(std::move(item));
        }
        in.add("Parameters", std::move(p));
        Node caps = Node::make_array();
        if (!capability.empty()) caps.push(str(capability));
        in.add("Capabilities", std::move(caps));
        return in;
    }

    Result<Node> cfn(const Credentials& who, std::string_view action, const Node& input) {
        return cloud().call(who, "cloudformation", action, input);
    }
    Node cfn_ok(const Credentials& who, std::string_view action, const Node& input) {
        auto r = cfn(who, action, input);
        EXPECT_TRUE(r) << action << " " << to_json(input) << " -> " << r.error().code << ": " << r.error().message;
        return r ? *r : Node::make_object();
    }

    // The stack's status once its operation has ended (polling, like `aws cloudformation wait`).
    std::string wait_stack(const Credentials& who, const std::string& name_or_id) {
        Node in = Node::make_object();
        in.add("StackName", str(name_or_id));
        for (int i = 0; i < 2000; ++i) {
            auto r = cfn(who, "DescribeStacks", in);
            if (!r) return r.error().message;
            std::string status = r->find("Stacks")->items.at(0).find("StackStatus")->text;
            if (!status.ends_with("_IN_PROGRESS")) return status;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return "timeout";
    }

    // Creates the stack and waits for it; returns its final status.
    std::string create(const Credentials& who, const Node& input) {
        auto r = cfn(who, "CreateStack", input);
        if (!r) return r.error().code + ": " + r.error().message;
        return wait_stack(who, r->find("StackId")->text);
    }

    Node describe(const Credentials& who, const std::string& name) {
        Node in = Node::make_object();
        in.add("StackName", str(name));
        Node out = cfn_ok(who, "DescribeStacks", in);
        const Node* stacks = out.find("Stacks");
        return stacks && !stacks->items.empty() ? stacks->items[0] : Node::make_object();
    }

    static std::string output(const Node& stack, const std::string& key) {
        if (const Node* outs = stack.find("Outputs"))
            for (const auto& o : outs->items)
                if (o.find("OutputKey")->text == key) return o.find("OutputValue")->text;
        return {};
    }

    // Events of a stack, oldest first, as "LOGICAL STATUS".
    std::vector<std::string> events(const Credentials& who, const std::string& name) {
        Node in = Node::make_object();
        in.add("StackName", str(name));
        Node out = cfn_ok(who, "DescribeStackEvents", in);
        std::vector<std::string> v;
        if (const Node* list = out.find("StackEvents"))
            for (auto it = list->items.rbegin(); it != list->items.rend(); ++it)
                v.push_back(it->find("LogicalResourceId")->text + " " + it->find("ResourceStatus")->text);
        return v;
    }

    Result<Node> put_object(const Credentials& who, const std::string& bucket, const std::string& key, const std::string& body) {
        Node in = Node::make_object();
        in.add("Bucket", str(bucket));
        in.add("Key", str(key));
        in.add("Body", str(body));
        return cloud().call(who, "s3", "PutObject", in);
    }
};

}  // namespace jg::cloud::testing
