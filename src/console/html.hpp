// Server-rendered HTML of the console: escaping and the page frame (header with the
// caller's identity, the user menu, navigation). Every page works without JavaScript; the
// one script (PREFIX/webauthn.js) is linked only by pages with a passkey form, and the
// Content-Security-Policy forbids inline script.
#pragma once

#include <string>
#include <string_view>

#include "console/form.hpp"
#include "console/sessions.hpp"

namespace jg::console {

// Text made safe for HTML element content and quoted attribute values.
std::string esc(std::string_view text);

// The hidden CSRF input every form carries.
std::string csrf_input(const Session& session);

// <p id="error" role="alert">MESSAGE</p>
std::string error_block(std::string_view message);

// A whole page: `title`, then `body` inside <main>. With a signed-in session the header
// shows the identity (id="identity"), the role switched to, the user menu (security
// credentials, switch role, role history, back to user) and the sign-out form.
std::string page(Lang lang, std::string_view prefix, const Session* session, std::string_view title,
                 std::string_view body);

// The console's stylesheet (served as PREFIX/style.css: the CSP allows no inline style).
std::string_view stylesheet();

// The colours offered by the switch-role form (AWS's five), and whether `c` is one.
inline constexpr std::string_view k_role_colors[] = {"red", "orange", "yellow", "green", "blue"};
bool is_role_color(std::string_view c);

}  // namespace jg::console
