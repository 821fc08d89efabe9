// Loads every tests/golden/**/*.test file and registers one GoogleTest test per case.
// Format: tests/golden/README.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "api_calls.hpp"
#include "cli/cli.hpp"
#include "core/strings.hpp"

namespace fs = std::filesystem;

namespace {

struct Case {
    std::string file;
    int line = 0;
    std::string name;
    std::string command;
    std::string input;
    std::string expected;
    int expected_begin = 0;  // 0-based lines [begin, end) of the file hold the expected output
    int expected_end = 0;
};

// --update: the actual output of every case, by file and first line, written back after
// the run in place of the expected output.
bool g_update = false;
std::map<std::string, std::map<int, std::string>> g_actual;

std::string strip_trailing_blank_lines(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
    return s;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    if (from.empty()) return;
    for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
        s.replace(pos, from.size(), to);
}

std::vector<Case> load(const fs::path& path) {
    std::ifstream in(path);
    std::vector<Case> cases;
    std::string line;
    enum class State { outside, input, expected } state = State::outside;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.rfind("=== ", 0) == 0) {
            if (!cases.empty() && state == State::expected) cases.back().expected_end = n - 1;
            cases.push_back(Case{path.string(), n, jg::trim(line.substr(4)), "", "", "", 0, 0});
            state = State::input;
            continue;
        }
        if (cases.empty() || state == State::outside) continue;
        Case& c = cases.back();
        if (state == State::input) {
            if (c.command.empty() && line.rfind("$ ", 0) == 0) {
                c.command = line.substr(2);
            } else if (line == "----") {
                state = State::expected;
                c.expected_begin = n;
            } else {
                c.input += line + "\n";
            }
        } else {
            c.expected += line + "\n";
        }
    }
    if (!cases.empty() && state == State::expected) cases.back().expected_end = n;
    return cases;
}

// Splits a command line on spaces; single quotes group words.
std::vector<std::string> words(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false, any = false;
    for (char c : s) {
        if (c == '\'') {
            quoted = !quoted;
            any = true;
        } else if (c == ' ' && !quoted) {
            if (any) out.push_back(cur);
            cur.clear();
            any = false;
        } else {
            cur += c;
            any = true;
        }
    }
    if (any) out.push_back(cur);
    return out;
}

class GoldenCase : public testing::Test {
public:
    explicit GoldenCase(Case c) : m_case(std::move(c)) {}

    void TestBody() override {
        std::string command = m_case.command;
        std::string input = m_case.input;
        if (command.find("{shared}") != std::string::npos || input.find("{shared}") != std::string::npos) {
            const char* shared = std::getenv("JUMPGATE_SHARED");
            if (!shared || !fs::exists(shared)) {
                GTEST_SKIP() << "needs ../shared (set JUMPGATE_SHARED); it is absent here";
            }
            replace_all(command, "{shared}", fs::canonical(shared).string());
            replace_all(input, "{shared}", fs::canonical(shared).string());
        }
        fs::path dir = fs::temp_directory_path() /
                       ("jg-golden-" + std::to_string(::getpid()) + "-" + std::to_string(s_counter++));
        fs::create_directories(dir);
        // Further files: a line ">>> NAME" starts the file NAME (until the next such line
        // or "----"), written beside the input and named in the command as {NAME}.
        std::vector<std::pair<std::string, std::string>> extra;
        {
            std::istringstream lines(input);
            std::string line, first;
            while (std::getline(lines, line)) {
                if (line.rfind(">>> ", 0) == 0) extra.emplace_back(line.substr(4), "");
                else (extra.empty() ? first : extra.back().second) += line + "\n";
            }
            if (!extra.empty()) input = first;
        }
        for (const auto& [name, text] : extra) {
            std::ofstream(dir / name) << text;
            replace_all(command, "{" + name + "}", (dir / name).string());
        }
        size_t open = command.find("{input");
        if (open != std::string::npos) {
            size_t close = command.find('}', open);
            ASSERT_NE(close, std::string::npos) << m_case.file << ":" << m_case.line;
            std::string name = command.substr(open + 1, close - open - 1);
            std::ofstream(dir / name) << input;
            command.replace(open, close - open + 1, (dir / name).string());
        }
        std::ostringstream out, err;
        // "@calls": the input is a script of API calls (api_calls.hpp), not a command line.
        int code = command == "@calls" ? (out << jg::golden::run_api_calls(input, dir / "home"), 0)
                                       : jg::cli::run(words(command), out, err);
        std::string actual = out.str() + err.str();
        if (code != 0) {
            if (!actual.empty() && actual.back() != '\n') actual += '\n';
            actual += "exit: " + std::to_string(code) + "\n";
        }
        replace_all(actual, dir.string() + "/", "");
        if (const char* shared = std::getenv("JUMPGATE_SHARED"); shared && fs::exists(shared))
            replace_all(actual, fs::canonical(shared).string(), "{shared}");
        fs::remove_all(dir);
        if (g_update) g_actual[m_case.file][m_case.line] = strip_trailing_blank_lines(actual);
        EXPECT_EQ(strip_trailing_blank_lines(m_case.expected), strip_trailing_blank_lines(actual))
            << m_case.file << ":" << m_case.line << ": case '" << m_case.name << "'\n$ "
            << m_case.command;
    }

private:
    Case m_case;
    static inline int s_counter = 0;
};

std::string test_name(const std::string& name) {
    std::string out;
    for (char c : name) out += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
    return out;
}

// Rewrites the expected output of each case of `file` with what the run printed.
void update_file(const std::string& file, const std::vector<Case>& cases, const std::map<int, std::string>& actual) {
    std::vector<std::string> lines;
    {
        std::ifstream in(file);
        for (std::string line; std::getline(in, line);) lines.push_back(line);
    }
    for (auto c = cases.rbegin(); c != cases.rend(); ++c) {
        auto it = actual.find(c->line);
        if (it == actual.end() || c->expected_begin == 0) continue;
        std::vector<std::string> repl;
        std::istringstream text(it->second);
        for (std::string line; std::getline(text, line);) repl.push_back(line);
        if (c->expected_end < static_cast<int>(lines.size())) repl.emplace_back();  // blank before the next case
        lines.erase(lines.begin() + c->expected_begin, lines.begin() + c->expected_end);
        lines.insert(lines.begin() + c->expected_begin, repl.begin(), repl.end());
    }
    std::ofstream out(file, std::ios::trunc);
    for (const auto& line : lines) out << line << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    testing::InitGoogleTest(&argc, argv);
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && args[0] == "--update") {
        g_update = true;
        args.erase(args.begin());
    }
    if (args.size() != 1) {
        std::cerr << "usage: golden [--update] DIR   (--update writes each case's actual output into its file)\n";
        return 2;
    }
    fs::path root = args[0];
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(root))
        if (entry.path().extension() == ".test") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    size_t total = 0;
    std::map<std::string, std::vector<Case>> loaded;
    for (const auto& file : files) {
        std::string suite = test_name(fs::relative(file, root).replace_extension().string());
        std::map<std::string, int> seen;  // names stay stable when lines move; repeats get _2, _3
        loaded[file.string()] = load(file);
        for (auto c : loaded[file.string()]) {
            ++total;
            std::string name = test_name(c.name);
            if (int k = ++seen[name]; k > 1) name += "_" + std::to_string(k);
            std::string where = c.file;
            int line = c.line;
            testing::RegisterTest(suite.c_str(), name.c_str(), nullptr, nullptr, where.c_str(), line,
                                  [c = std::move(c)]() -> testing::Test* { return new GoldenCase(c); });
        }
    }
    if (total == 0) {
        std::cerr << "golden: no cases found under " << root << "\n";
        return 1;
    }
    int status = RUN_ALL_TESTS();
    if (g_update) {
        for (const auto& [file, actual] : g_actual) update_file(file, loaded[file], actual);
        std::cerr << "golden: --update rewrote the expected output of " << g_actual.size() << " file(s)\n";
    }
    return status;
}
