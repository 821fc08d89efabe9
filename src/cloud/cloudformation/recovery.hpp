// What happens to a stack operation whose process died (the CLI killed mid-way, a server
// crash): the next process that opens the home takes it over. An interrupted CREATE is
// rolled back (ROLLBACK_IN_PROGRESS → ROLLBACK_COMPLETE, deleting what was created and
// what was being created), an interrupted UPDATE too (UPDATE_ROLLBACK_COMPLETE); an
// interrupted DELETE is carried on to its end. Operations of a
// process that is still alive (another CLI, a server on the same home) are left alone.
#pragma once

#include "cloud/cloud.hpp"

namespace jg::cloud::cloudformation {

Result<void> recover_interrupted(Cloud& cloud);

}  // namespace jg::cloud::cloudformation
