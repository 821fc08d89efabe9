// Errors as values: a code, a message and, for documents, where in the source.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace jg {

// A place in a source document. `file` is shared by every node of one document.
struct Location {
    std::shared_ptr<const std::string> file;
    int line = 0;  // 1-based; 0 = unknown
    int col = 0;   // 1-based byte column

    bool known() const { return line > 0; }
    // "FILE:LINE:COL", "LINE:COL" without a file name, "" when unknown.
    std::string str() const;
};

struct Error {
    std::string code;     // AWS-style code where one applies (MalformedPolicyDocument, ...)
    std::string message;  // lower-case start unless it quotes AWS's own wording
    std::optional<Location> where;

    // "FILE:LINE:COL: message" (or just the message when no location is known).
    std::string str() const;
};

template <class T>
using Result = tl::expected<T, Error>;

using Unexpected = tl::unexpected<Error>;

inline Unexpected fail(std::string code, std::string message) {
    return Unexpected(Error{std::move(code), std::move(message), std::nullopt});
}
inline Unexpected fail_at(const Location& where, std::string code, std::string message) {
    return Unexpected(Error{std::move(code), std::move(message), where});
}

}  // namespace jg
