// The steps of a stack operation (engine.hpp), shared by the create, update, delete and
// rollback drivers (run_*.cpp). Internal to the stack engine.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cfn/plan.hpp"
#include "cfn/provider.hpp"
#include "cfn/template.hpp"
#include "cloud/cloud.hpp"
#include "cloud/cloudformation/provider_call.hpp"
#include "cloud/cloudformation/stack.hpp"

namespace jg::cloud::cloudformation {

// The property holding a type's custom name ("" for types without one).
std::string name_property(const std::string& type);

class Runner {
public:
    Runner(Cloud& cloud, std::string account, std::string region, std::string stack_id)
        : m_cloud(cloud), m_account(std::move(account)), m_region(std::move(region)), m_id(std::move(stack_id)) {}

    void run();

private:
    // One transaction on the stack's document: reload, change, save.
    Result<Stack> mutate(const std::function<Result<void>(Stack&, store::Tx&)>& change);
    Result<Stack> load();
    Result<void> event(store::Tx& tx, const Stack& s, const Event& e);
    Result<void> stack_status(store::Tx& tx, Stack& s, std::string status, std::string reason);
    Result<void> resource_status(store::Tx& tx, Stack& s, StackResource& r, std::string status, std::string reason);

    // The plan of `s`'s template with what is created so far (resources, exports).
    tl::expected<cfn::Plan, std::string> plan(const Stack& s, const std::string& template_body,
                                              const std::vector<std::pair<std::string, std::string>>& parameters);
    std::string physical_name(const Stack& s, const std::string& logical_id, const std::string& type);
    cfn::ResourceProvider* provider(const std::string& type);

    // Drivers (run_create.cpp, run_delete.cpp, run_update.cpp).
    void run_create(Stack s);
    void run_delete(Stack s);
    // Deletes, newest first, the resources of `s` that `keep` (logical ids) does not name;
    // returns the logical ids that failed.
    std::vector<std::string> delete_resources(const std::string& stack_id, const std::vector<std::string>& keep);
    // CREATE failed: ROLLBACK_IN_PROGRESS, delete what was created, ROLLBACK_COMPLETE.
    void roll_back_create(const std::string& reason);
    // Creates one resource (the step and its events); the error is the reason.
    // `stack`, when given, is the stack as last stored: used instead of reading it again,
    // and set to the stack as stored after the resource's outcome.
    tl::expected<void, std::string> create_resource(const cfn::PlannedResource& planned, bool replacing = false,
                                                    Stack* stack = nullptr);
    // UPDATE (run_update.cpp): bring one resource up to date (create, replace, modify).
    tl::expected<void, std::string> update_resource(const cfn::PlannedResource& planned);
    tl::expected<void, std::string> finish_update(const cfn::Plan& plan);
    void roll_back_update(const std::string& reason);
    void run_update(Stack s);
    // The stack's final outputs and exports, written with `finish`.
    tl::expected<void, std::string> finish_outputs(Stack& s, store::Tx& tx, const cfn::Plan& plan);

    Cloud& m_cloud;
    std::string m_account, m_region, m_id;
    std::optional<ActAs> m_as;
    std::optional<cfn::ProviderRegistry> m_providers;
};

}  // namespace jg::cloud::cloudformation
