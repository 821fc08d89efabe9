#include "jump/config/edit.hpp"

#include <fmt/format.h>

#include <optional>

#include "core/strings.hpp"

namespace jg::jump {

namespace {

using Lines = std::vector<std::string>;

Lines to_lines(std::string_view text) {
    Lines lines = split(text, '\n');
    if (!lines.empty() && lines.back().empty()) lines.pop_back();  // the final newline
    return lines;
}

std::string to_text(const Lines& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

size_t indent_of(const std::string& line) {
    size_t i = 0;
    while (i < line.size() && line[i] == ' ') ++i;
    return i;
}

// A line that holds YAML content (not blank, not only a comment).
bool is_content(const std::string& line) {
    size_t i = indent_of(line);
    return i < line.size() && line[i] != '#';
}

// The key of a `KEY:` line at `indent` (quotes removed), or nullopt.
std::optional<std::string> key_at(const std::string& line, size_t indent) {
    if (!is_content(line) || indent_of(line) != indent) return std::nullopt;
    std::string rest = line.substr(indent);
    if (rest.rfind("- ", 0) == 0) return std::nullopt;
    size_t colon = std::string::npos;
    char quote = 0;
    for (size_t i = 0; i < rest.size(); ++i) {
        char c = rest[i];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == ':' && (i + 1 == rest.size() || rest[i + 1] == ' ')) {
            colon = i;
            break;
        }
    }
    if (colon == std::string::npos) return std::nullopt;
    std::string key = trim(rest.substr(0, colon));
    if (key.size() >= 2 && (key[0] == '"' || key[0] == '\'') && key.back() == key[0]) key = key.substr(1, key.size() - 2);
    return key;
}

// What follows `KEY:` on its line, without a trailing comment.
std::string value_after_key(const std::string& line) {
    size_t colon = line.find(':');
    std::string v = line.substr(colon + 1);
    size_t hash = v.find(" #");
    if (hash != std::string::npos) v = v.substr(0, hash);
    return trim(v);
}

// A mapping entry found by key: its key line and one past its last content line.
struct Block {
    size_t key = 0;
    size_t end = 0;  // one past the last line of the entry's content
};

// The entry `key` among the lines [from, to) at `indent`.
std::optional<Block> find_entry(const Lines& lines, size_t from, size_t to, size_t indent, const std::string& key) {
    for (size_t i = from; i < to; ++i) {
        auto k = key_at(lines[i], indent);
        if (!k || *k != key) continue;
        Block b{i, i + 1};
        for (size_t j = i + 1; j < to; ++j) {
            if (!is_content(lines[j])) continue;
            if (indent_of(lines[j]) <= indent) break;
            b.end = j + 1;
        }
        return b;
    }
    return std::nullopt;
}

// The indentation of the entries of a section (from its first entry), else `fallback`.
size_t child_indent(const Lines& lines, const Block& section, size_t fallback) {
    for (size_t i = section.key + 1; i < section.end; ++i)
        if (is_content(lines[i])) return indent_of(lines[i]);
    return fallback;
}

std::string quoted_list(const std::vector<std::string>& items, bool quote) {
    std::vector<std::string> q;
    for (const auto& i : items) q.push_back(quote ? "\"" + i + "\"" : i);
    // fmt, not `"[" + join(…) + "]"`: GCC 12 at -O3 raises a false -Wrestrict on that.
    return fmt::format("[{}]", join(q, ", "));
}

// Adds an entry `name` with lines `body` (relative indent 2) at the end of the top-level
// section `section` (created at the end of the file when absent).
Result<std::string> add_entry(std::string_view text, const std::string& section, const std::string& name,
                              const std::vector<std::string>& body) {
    Lines lines = to_lines(text);
    auto sec = find_entry(lines, 0, lines.size(), 0, section);
    if (sec) {
        std::string inline_value = value_after_key(lines[sec->key]);
        if (!inline_value.empty() && inline_value != "{}")
            return fail("InvalidConfig", fmt::format("{}: is written in flow style on line {}; edit it by hand", section,
                                                     sec->key + 1));
        if (inline_value == "{}") lines[sec->key] = section + ":";
        size_t indent = child_indent(lines, *sec, 2);
        if (find_entry(lines, sec->key + 1, sec->end, indent, name))
            return fail("InvalidConfig", fmt::format("{} '{}' is already in the file", section == "users" ? "user" : "project", name));
        std::string pad(indent, ' ');
        Lines entry{pad + name + ":"};
        for (const auto& b : body) entry.push_back(pad + "  " + b);
        lines.insert(lines.begin() + static_cast<long>(sec->end), entry.begin(), entry.end());
        return to_text(lines);
    }
    lines.push_back("");
    lines.push_back(section + ":");
    lines.push_back("  " + name + ":");
    for (const auto& b : body) lines.push_back("    " + b);
    return to_text(lines);
}

}  // namespace

Result<std::string> edit_add_user(std::string_view text, const std::string& name, const std::vector<std::string>& groups) {
    return add_entry(text, "users", name, {"groups: " + quoted_list(groups, false)});
}

Result<std::string> edit_remove_user(std::string_view text, const std::string& name) {
    Lines lines = to_lines(text);
    auto sec = find_entry(lines, 0, lines.size(), 0, "users");
    if (!sec) return fail("InvalidConfig", fmt::format("user '{}' is not in the file (it has no users:)", name));
    size_t indent = child_indent(lines, *sec, 2);
    auto user = find_entry(lines, sec->key + 1, sec->end, indent, name);
    if (!user) return fail("InvalidConfig", fmt::format("user '{}' is not in the file", name));
    lines.erase(lines.begin() + static_cast<long>(user->key), lines.begin() + static_cast<long>(user->end));
    return to_text(lines);
}

Result<std::string> edit_add_project(std::string_view text, const std::string& name,
                                     const std::vector<std::string>& accounts) {
    return add_entry(text, "projects", name, {"accounts: " + quoted_list(accounts, true)});
}

Result<std::string> edit_add_account(std::string_view text, const std::string& project, const std::string& account) {
    Lines lines = to_lines(text);
    auto sec = find_entry(lines, 0, lines.size(), 0, "projects");
    if (!sec) return fail("InvalidConfig", fmt::format("project '{}' is not in the file (it has no projects:)", project));
    size_t indent = child_indent(lines, *sec, 2);
    auto p = find_entry(lines, sec->key + 1, sec->end, indent, project);
    if (!p) return fail("InvalidConfig", fmt::format("project '{}' is not in the file", project));
    size_t inner = child_indent(lines, *p, indent + 2);
    auto acc = find_entry(lines, p->key + 1, p->end, inner, "accounts");
    if (!acc) return fail("InvalidConfig", fmt::format("project '{}' has no accounts: to add to", project));
    std::string& line = lines[acc->key];
    std::string value = value_after_key(line);
    if (!value.empty()) {
        // Flow style: insert before the closing bracket, keeping any comment after it.
        size_t comment = line.find(" #", line.find(':'));
        size_t close = line.rfind(']', comment == std::string::npos ? std::string::npos : comment);
        if (value.front() != '[' || value.back() != ']' || close == std::string::npos)
            return fail("InvalidConfig", fmt::format("the accounts of project '{}' (line {}) are not a [...] list; edit "
                                                     "it by hand",
                                                     project, acc->key + 1));
        bool empty = trim(value.substr(1, value.size() - 2)).empty();
        line.insert(close, (empty ? "\"" : ", \"") + account + "\"");
        return to_text(lines);
    }
    // Block style: a new "- ID" after the last item, at the items' indentation.
    size_t item_indent = child_indent(lines, *acc, inner + 2);
    lines.insert(lines.begin() + static_cast<long>(acc->end), std::string(item_indent, ' ') + "- \"" + account + "\"");
    return to_text(lines);
}

}  // namespace jg::jump
