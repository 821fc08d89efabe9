// libFuzzer target: any bytes through the template loader, the static checks and a plan.
// Must never crash, hang or leak, whatever the input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cfn/check.hpp"
#include "cfn/plan.hpp"
#include "cfn/template.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto t = jg::cfn::load_template(text, "fuzz.yaml");
    if (!t) return 0;
    (void)jg::cfn::check_template(*t);
    jg::cfn::PlanInput input;
    input.parameters = {};
    auto plan = jg::cfn::plan_template(*t, input);
    if (plan) {
        (void)jg::cfn::plan_json(*plan, *t);
        (void)jg::cfn::plan_text(*plan, *t);
    }
    return 0;
}
