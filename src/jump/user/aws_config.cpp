#include "jump/user/aws_config.hpp"

#include <cctype>

#include "core/strings.hpp"

namespace jg::jump::user {

std::string role_profile_name(const ReachableRole& role) {
    std::string name = role.account + "-" + role.role;
    for (char& c : name)
        if (c == '/') c = '-';
    return name;
}

std::string shell_word(const std::string& word) {
    bool plain = !word.empty();
    for (char c : word)
        plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || std::string_view("@%+=:,./_-").find(c) != std::string_view::npos);
    if (plain) return word;
    std::string out = "'";
    for (char c : word) out += c == '\'' ? std::string("'\"'\"'") : std::string(1, c);
    return out + "'";
}

std::string render_aws_config(const AwsConfigRequest& r, const std::vector<ReachableRole>& roles) {
    const int duration = r.duration_seconds.value_or(3600);
    std::string out = "# ~/.aws/config profiles for IAM user " + r.user + ", written by `jumpgate aws-config`:\n"
                      "# one profile per role the user can switch to. The user's own key is the profile [" +
                      r.source_profile + "]\n# of ~/.aws/credentials.\n\n";
    out += "[profile " + r.source_profile + "]\n";
    if (!r.region.empty()) out += "region = " + r.region + "\n";
    for (const auto& role : roles) {
        out += "\n# via " + join(role.via, ", ") + "\n";
        out += "[profile " + role_profile_name(role) + "]\n";
        if (!r.credential_process_command.empty()) {
            std::string command = shell_word(r.credential_process_command) + " assume " + shell_word(role.role) +
                                  " --account " + role.account + " --user " + shell_word(r.user);
            if (r.source_profile != r.user) command += " --profile " + shell_word(r.source_profile);
            if (r.duration_seconds) command += " --duration " + std::to_string(duration);
            if (!r.home.empty()) command += " --home " + shell_word(r.home);
            for (const auto& arg : r.target_args) {
                command += ' ';  // two appends, not `" " + word`: GCC 12 -O3 false -Wrestrict
                command += shell_word(arg);
            }
            out += "credential_process = " + command + " --format credential-process\n";
        } else {
            out += "role_arn = arn:aws:iam::" + role.account + ":role/" + role.role + "\n";
            out += "source_profile = " + r.source_profile + "\n";
            out += "mfa_serial = " + r.mfa_serial + "\n";
            out += "role_session_name = " + r.user + "\n";
            out += "duration_seconds = " + std::to_string(duration) + "\n";
        }
        if (!r.region.empty()) out += "region = " + r.region + "\n";
    }
    return out;
}

}  // namespace jg::jump::user
