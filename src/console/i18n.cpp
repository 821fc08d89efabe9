#include "console/i18n.hpp"

#include <array>

namespace jg::console {

namespace {

struct Text {
    std::string_view key, en, ja;
};

// Japanese follows the wording of AWS's Japanese console where it has one.
constexpr std::array k_texts = {
    Text{"console", "jumpgate console", "jumpgate コンソール"},
    Text{"signin", "Sign in", "サインイン"},
    Text{"signin_title", "Sign in as IAM user", "IAM ユーザーとしてサインイン"},
    Text{"account", "Account ID or alias", "アカウント ID またはエイリアス"},
    Text{"username", "IAM user name", "IAM ユーザー名"},
    Text{"password", "Password", "パスワード"},
    Text{"signout", "Sign out", "サインアウト"},
    Text{"mfa_title", "Multi-factor authentication", "多要素認証"},
    Text{"mfa_code", "MFA code", "MFA コード"},
    Text{"mfa_hint", "Enter the code shown by your authenticator app.", "認証アプリに表示されるコードを入力してください。"},
    Text{"submit", "Submit", "送信"},
    Text{"change_password", "Change password", "パスワードの変更"},
    Text{"forced_change", "You must change your password to continue.", "続行するにはパスワードを変更する必要があります。"},
    Text{"old_password", "Old password", "古いパスワード"},
    Text{"new_password", "New password", "新しいパスワード"},
    Text{"confirm_password", "Retype new password", "新しいパスワードを再入力"},
    Text{"password_rules", "Password requirements", "パスワードの要件"},
    Text{"passwords_differ", "The new passwords do not match.", "新しいパスワードが一致しません。"},
    Text{"password_changed", "Your password has been changed.", "パスワードが変更されました。"},
    Text{"home", "Console home", "コンソールホーム"},
    Text{"welcome", "Signed in as", "サインイン中:"},
    Text{"security_credentials", "Security credentials", "セキュリティ認証情報"},
    Text{"mfa_devices", "Multi-factor authentication (MFA)", "多要素認証 (MFA)"},
    Text{"assign_mfa", "Assign MFA device", "MFA デバイスの割り当て"},
    Text{"device_name", "Device name", "デバイス名"},
    Text{"mfa_scan", "Scan this QR code with your authenticator app, then enter two consecutive codes.",
         "認証アプリでこの QR コードをスキャンし、連続する 2 つのコードを入力してください。"},
    Text{"show_secret", "Show secret key", "シークレットキーを表示"},
    Text{"code1", "MFA code 1", "MFA コード 1"},
    Text{"code2", "MFA code 2", "MFA コード 2"},
    Text{"add_mfa", "Add MFA", "MFA を追加"},
    Text{"mfa_assigned", "The MFA device was assigned. Sign in again to use it.",
         "MFA デバイスが割り当てられました。使用するには再度サインインしてください。"},
    Text{"no_mfa", "No MFA device is assigned.", "MFA デバイスは割り当てられていません。"},
    Text{"access_keys", "Access keys", "アクセスキー"},
    Text{"create_access_key", "Create access key", "アクセスキーを作成"},
    Text{"deactivate", "Deactivate", "無効化"},
    Text{"activate", "Activate", "有効化"},
    Text{"delete", "Delete", "削除"},
    Text{"secret_once", "This is the only time the secret access key can be viewed or downloaded.",
         "シークレットアクセスキーを表示またはダウンロードできるのはこの時だけです。"},
    Text{"download_csv", "Download .csv file", ".csv ファイルをダウンロード"},
    Text{"secret_gone", "The secret access key is no longer available.", "シークレットアクセスキーはもう表示できません。"},
    Text{"switch_role", "Switch role", "ロールの切り替え"},
    Text{"role", "IAM role name", "IAM ロール名"},
    Text{"display_name", "Display name", "表示名"},
    Text{"color", "Display color", "表示色"},
    Text{"switch_account", "Account ID or alias", "アカウント ID またはエイリアス"},
    Text{"role_history", "Role history", "ロール履歴"},
    Text{"back_to_user", "Switch back", "切り替え前に戻る"},
    Text{"access_denied", "Access denied", "アクセス拒否"},
    Text{"iam", "IAM", "IAM"},
    Text{"users", "Users", "ユーザー"},
    Text{"groups", "User groups", "ユーザーグループ"},
    Text{"roles", "Roles", "ロール"},
    Text{"policies", "Policies", "ポリシー"},
    Text{"create_user", "Create user", "ユーザーを作成"},
    Text{"user_name", "User name", "ユーザー名"},
    Text{"cloudformation", "CloudFormation", "CloudFormation"},
    Text{"stacks", "Stacks", "スタック"},
    Text{"stacksets", "StackSets", "StackSets"},
    Text{"events", "Events", "イベント"},
    Text{"resources", "Resources", "リソース"},
    Text{"instances", "Stack instances", "スタックインスタンス"},
    Text{"operations", "Operations", "オペレーション"},
    Text{"s3", "S3", "S3"},
    Text{"buckets", "Buckets", "バケット"},
    Text{"objects", "Objects", "オブジェクト"},
    Text{"create_bucket", "Create bucket", "バケットを作成"},
    Text{"bucket_name", "Bucket name", "バケット名"},
    Text{"name", "Name", "名前"},
    Text{"status", "Status", "ステータス"},
    Text{"created", "Created", "作成日時"},
    Text{"none", "None.", "なし。"},
    Text{"bad_csrf", "The form expired or did not come from this console. Reload the page and try again.",
         "フォームの有効期限が切れたか、このコンソールからのものではありません。ページを再読み込みしてください。"},
    Text{"locked", "Too many failed attempts. Try again later.", "失敗が多すぎます。しばらくしてから再試行してください。"},
    Text{"signin_refused", "Your authentication information is incorrect. Please try again.",
         "認証情報が正しくありません。もう一度お試しください。"},
    Text{"mfa_refused", "The MFA code is not valid.", "MFA コードが正しくありません。"},
    Text{"session_expired", "Your session has expired. Sign in again.", "セッションの有効期限が切れました。再度サインインしてください。"},
    Text{"not_found", "Page not found.", "ページが見つかりません。"},
    Text{"in_role_security", "Switch back to your user to manage its security credentials.",
         "セキュリティ認証情報を管理するには、ユーザーに戻ってください。"},
    Text{"rule_min_length", "Minimum length", "最小文字数"},
    Text{"rule_upper", "At least one uppercase letter (A-Z)", "大文字 (A-Z) を 1 文字以上"},
    Text{"rule_lower", "At least one lowercase letter (a-z)", "小文字 (a-z) を 1 文字以上"},
    Text{"rule_number", "At least one number (0-9)", "数字 (0-9) を 1 文字以上"},
    Text{"rule_symbol", "At least one symbol: ! @ # $ % ^ & * ( ) _ + - = [ ] { } | '",
         "記号を 1 文字以上: ! @ # $ % ^ & * ( ) _ + - = [ ] { } | '"},
    Text{"rule_reuse", "Not one of your previous passwords (count)", "過去のパスワードの再利用不可 (世代数)"},
    Text{"rule_default", "At least 8 characters, with three of: uppercase, lowercase, numbers, symbols",
         "8 文字以上で、大文字・小文字・数字・記号のうち 3 種類以上"},
    Text{"download", "Download", "ダウンロード"},
    Text{"policy_document", "Policy document", "ポリシードキュメント"},
    Text{"passkey", "Passkey or security key", "パスキーまたはセキュリティキー"},
    Text{"passkey_name", "Passkey name", "パスキー名"},
    Text{"register_passkey", "Register passkey", "パスキーを登録"},
    Text{"passkey_hint", "Your browser asks for a passkey, such as this device's screen lock or a security key.",
         "ブラウザがパスキー (このデバイスの画面ロックやセキュリティキーなど) を求めます。"},
    Text{"passkey_registered", "The passkey was registered. Sign in again to use it.",
         "パスキーが登録されました。使用するには再度サインインしてください。"},
    Text{"passkey_needs_js", "Passkeys need JavaScript: the browser's WebAuthn API is only reachable from script.",
         "パスキーには JavaScript が必要です (ブラウザの WebAuthn API はスクリプトからのみ使えます)。"},
    Text{"passkey_signin", "Sign in with passkey", "パスキーでサインイン"},
    Text{"passkey_refused", "The passkey could not be verified.", "パスキーを検証できませんでした。"},
    Text{"passkey_console_only",
         "A passkey satisfies MFA in this console only: the CLI (sts get-session-token / assume-role with "
         "--serial-number and --token-code) takes a virtual MFA device's codes.",
         "パスキーはこのコンソールでのみ MFA として使えます。CLI (--serial-number と --token-code を付けた sts "
         "get-session-token / assume-role) には仮想 MFA デバイスのコードが必要です。"},
    Text{"access_glance", "Access at a glance", "アクセスの概要"},
    Text{"access_intro",
         "jumpgate's access matrix and audit over the IAM this session may read, read with the session's own rights.",
         "このセッションの権限で読める IAM に対する jumpgate のアクセスマトリクスと監査結果です。"},
    Text{"accounts_read", "Accounts read", "読み取ったアカウント"},
    Text{"read_ok", "read", "読み取り済み"},
    Text{"nothing_readable", "This session may read no account's IAM.", "このセッションはどのアカウントの IAM も読めません。"},
    Text{"escalation_graph", "Escalation paths and grants", "権限昇格の経路と付与"},
    Text{"graph_legend",
         "Red: a finding's path. Grey: a role reachable with MFA. Dashed orange: reachable without MFA.",
         "赤: 検出結果の経路。灰: MFA ありで到達できるロール。橙の破線: MFA なしで到達できるロール。"},
    Text{"no_paths", "No escalation path or grant.", "権限昇格の経路も付与もありません。"},
    Text{"findings", "Audit findings", "監査の検出結果"},
    Text{"severity", "Severity", "重要度"},
    Text{"rule", "Rule", "ルール"},
    Text{"principal", "Principal", "プリンシパル"},
    Text{"evidence", "Evidence", "根拠"},
    Text{"access_matrix", "Access matrix", "アクセスマトリクス"},
    Text{"no_grants", "No user reaches a role in what was read.", "読み取った範囲でロールに到達するユーザーはいません。"},
    Text{"via", "Via", "経由"},
    Text{"console_only", "console only: passkey", "コンソールのみ: パスキー"},
    Text{"remove", "Remove", "削除"},
    Text{"or_code", "Or enter a code from your authenticator app:", "または認証アプリのコードを入力:"},
};

}  // namespace

std::string_view tr(Lang lang, std::string_view key) {
    for (const Text& t : k_texts)
        if (t.key == key) return lang == Lang::ja ? t.ja : t.en;
    return key;
}

bool has_text(std::string_view key) {
    for (const Text& t : k_texts)
        if (t.key == key) return !t.en.empty() && !t.ja.empty();
    return false;
}

}  // namespace jg::console
