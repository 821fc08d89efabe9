// Credentials name a principal by its unique id (AIDA… for users, AROA… for roles), as
// AWS binds them: a long-term key, a GetSessionToken session, a role session (AssumeRole
// or a service's session) is refused once its principal is gone — also when another
// principal was created since under the same name, which is a new principal with a new
// id. AWS answers such credentials InvalidClientTokenId "The security token included in
// the request is invalid.".
#pragma once

#include "cloud/caller.hpp"
#include "cloud/store/store.hpp"
#include "core/error.hpp"

namespace jg::cloud {

// Checks that the user or role `caller` names still exists with the unique id its
// credentials carry, and refreshes the name and ARN from the stored principal (a user
// renamed by UpdateUser stays the same principal). Root and root sessions pass. A
// long-term key stored before keys named their user's id (older homes) carries no id and
// is checked by name: DeleteUser refuses while keys remain, so it cannot outlive its user.
// Errors: InvalidClientTokenId, store errors.
Result<void> check_principal(store::Reader& r, Caller& caller);

}  // namespace jg::cloud
