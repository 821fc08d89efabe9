#pragma once

#include <memory>
#include <string_view>

#include "cfn/template.hpp"

namespace jg::cfn {

// Parsed templates shared by their text: a StackSet deploys the same body to every
// target, and parsing YAML for each of 1,000 stacks was a tenth of the run. A Template
// is immutable once loaded, so one parse serves every caller (any thread). Errors are
// not cached (a bad body is rare and its caller reports it). The file name of the
// locations is `file_name` of the first load of that text: callers that report
// locations must use load_template.
tl::expected<std::shared_ptr<const Template>, Errors> load_template_shared(std::string_view text,
                                                                          std::string_view file_name);

}  // namespace jg::cfn
