// Replacing a file atomically: the text goes to a temporary beside it (a name unique to
// the process and the call), is synced, then renamed over the file, so that a reader —
// or a crash — sees the old file or the new one, never half of one.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace jg {

enum class FileMode {
    private_0600,  // secrets (credentials, passwords, sessions): always 0600
    keep_or_0644,  // the user's own files: the replaced file's mode, 0644 for a new one
};

// Errors carry `error_code` (the caller's domain, e.g. "CredentialsFileError") and a
// message naming the path and the system's reason; on error the file is unchanged and no
// temporary is left behind.
[[nodiscard]] Result<void> replace_file(const std::string& path, std::string_view text, FileMode mode,
                                        std::string_view error_code);

}  // namespace jg
