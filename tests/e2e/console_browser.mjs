// The console in a real browser (Debian's chromium driven by puppeteer-core): the
// article's section 3 after `jumpgate apply` of the article's scenario. tanaka.hanako signs
// in with the first password from her CSV, makes the forced change, assigns a virtual MFA
// device by decoding the QR image with zbarimg (as a phone reads it) and codes from
// oathtool, signs out, signs in with MFA, switches role by the local link
// (`jumpgate console-url --endpoint-url`), reads a page of the role, sees a write denied as
// AccessDenied and goes back to her user. yamada.taro, without MFA, may not switch: denied,
// no role session; then he registers a passkey in Chromium's virtual authenticator (CDP
// WebAuthn domain), signs in with it and may switch. Also checked: CSRF, the cookie's
// flags, lockout, the CSP, and that the access matrix and audit call his MFA console-only.
// Screenshots of every step go to $JUMPGATE_ARTIFACTS (the build dir).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createRequire } from 'node:module';

const JUMPGATE = process.env.JUMPGATE_BIN;
const TOOLS = process.env.JUMPGATE_TOOLS_DIR || path.join(path.dirname(new URL(import.meta.url).pathname), '../../tools');
const ARTIFACTS = process.env.JUMPGATE_ARTIFACTS || fs.mkdtempSync(path.join(os.tmpdir(), 'jg-console-shots-'));
const require = createRequire(path.join(TOOLS, 'package.json'));
const puppeteer = require('puppeteer-core');

const ADMIN = '111111111111';
const PROD = '222222222222';

function check(cond, what) {
  if (!cond) throw new Error(`check failed: ${what}`);
}

function run(args, opts = {}) {
  return execFileSync(JUMPGATE, args, { encoding: 'utf8', ...opts });
}

// The password of the first CSV row ("User name,Password,Console sign-in URL").
function firstPassword(secrets, user) {
  const lines = fs.readFileSync(path.join(secrets, `${user}.csv`), 'utf8').trim().split('\n');
  check(lines[0].startsWith('User name,Password'), `CSV header of ${user}: ${lines[0]}`);
  const cells = lines[1].split(',');
  check(cells[0] === user, `CSV user ${cells[0]}`);
  return cells[1];
}

// TOTP codes of `secret` at the steps `back` steps before now (oathtool, not our code).
function totp(secret, back) {
  const at = Math.floor(Date.now() / 1000) - 30 * back;
  return execFileSync('oathtool', ['--totp', '-b', '-N', `@${at}`, secret], { encoding: 'utf8' }).trim();
}

async function startServer(home) {
  const proc = spawn(JUMPGATE, ['serve', '--home', home, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = readline.createInterface({ input: proc.stdout });
  const it = lines[Symbol.asyncIterator]();
  const first = (await it.next()).value;
  const second = (await it.next()).value;
  const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(first || '');
  check(m, `first stdout line of serve: ${first}`);
  const c = /^console on (http:\/\/127\.0\.0\.1:\d+\/_console\/)$/.exec(second || '');
  check(c, `second stdout line of serve: ${second}`);
  return { proc, endpoint: m[1], console: c[1] };
}

let shot = 0;
async function snap(page, name) {
  shot += 1;
  const file = path.join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
}

async function text(page, selector) {
  const el = await page.$(selector);
  return el ? page.evaluate((e) => e.textContent, el) : null;
}

async function submit(page, selector = 'main form button[type=submit]') {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

async function signIn(page, consoleUrl, user, password) {
  const resp = await page.goto(`${consoleUrl}signin`, { waitUntil: 'load' });
  await page.type('#account', ADMIN);
  await page.type('#username', user);
  await page.type('#password', password);
  await submit(page);
  return resp;
}

async function signOut(page) {
  await page.click('details.menu summary');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form[action*="signout"] button')]);
}

async function main() {
  check(JUMPGATE, 'JUMPGATE_BIN names the jumpgate binary');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'jg-console-e2e-'));
  const home = path.join(work, 'home');
  const secrets = path.join(work, 'secrets');
  const started = Date.now();

  // The article's scenario, applied in-process on the home the server then serves.
  run(['init', path.join(work, 'scenario')]);
  run(['apply', '-f', path.join(work, 'scenario', 'jumpgate.yaml'), '--home', home, '--secrets-dir', secrets],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  const server = await startServer(home);
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    userDataDir: path.join(work, 'chromium-profile'),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 414, height: 896 });  // a phone
    const C = server.console;

    // The sign-in page: the cookie's flags and a CSP without inline script.
    const signinResp = await page.goto(`${C}signin`, { waitUntil: 'load' });
    const csp = signinResp.headers()['content-security-policy'] || '';
    check(csp.includes("script-src 'self'") && !csp.includes('unsafe-inline'), `CSP: ${csp}`);
    check(!(await page.content()).includes('<script'), 'the sign-in page has no script');
    const [cookie] = await page.cookies();
    check(cookie && cookie.httpOnly && cookie.sameSite === 'Strict' && cookie.path === '/_console/',
      `session cookie flags: ${JSON.stringify(cookie)}`);
    await snap(page, 'signin');

    // CSRF: a POST without the form's token signs nobody in.
    const forged = await fetch(`${C}signin`, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${cookie.name}=${cookie.value}` },
      body: `account=${ADMIN}&username=tanaka.hanako&password=x`,
    });
    check(forged.status === 403, `POST without CSRF token: ${forged.status}`);

    // Lockout: five wrong passwords lock the name out, the right one included.
    for (let i = 0; i < 5; i += 1) {
      await signIn(page, C, 'ghost.user', 'Wrong-password-1!');
      check((await text(page, '#error') || '').includes('incorrect'), 'wrong password refused');
    }
    await signIn(page, C, 'ghost.user', 'Wrong-password-1!');
    check((await text(page, '#error') || '').includes('Too many failed attempts'), 'locked out');
    await snap(page, 'lockout');

    // 3-1 step 1-2: the first password, then the forced change.
    const firstTanaka = firstPassword(secrets, 'tanaka.hanako');
    const newTanaka = 'Tanaka-New-Passw0rd!x';
    await signIn(page, C, 'tanaka.hanako', firstTanaka);
    check(await page.$('#new_password'), 'forced change page');
    await snap(page, 'forced-change');
    await page.type('#old_password', firstTanaka);
    await page.type('#new_password', newTanaka);
    await page.type('#confirm_password', newTanaka);
    await submit(page);
    check((await text(page, '#identity')) === `arn:aws:iam::${ADMIN}:user/tanaka.hanako`, 'signed in as the user');
    await snap(page, 'home');

    // 3-1 step 3-6: Security credentials > Assign MFA device; the QR read by zbarimg.
    await page.click('details.menu summary');
    await Promise.all([page.waitForNavigation(), page.click('details.menu a[href$="security"]')]);
    await snap(page, 'security-credentials-no-mfa');
    check((await page.content()).includes('iam:ListAccessKeys'), 'without MFA the policy denies ListAccessKeys');
    await Promise.all([page.waitForNavigation(), page.click('a[href$="mfa/assign"]')]);
    await page.$eval('#device_name', (e) => { e.value = ''; });
    await page.type('#device_name', 'tanaka.hanako');
    await submit(page);
    const qr = await page.waitForSelector('img.qr');
    const qrFile = path.join(ARTIFACTS, 'mfa-qr.png');
    await qr.screenshot({ path: qrFile });
    await snap(page, 'assign-mfa-qr');
    const uri = execFileSync('zbarimg', ['--raw', '-q', qrFile], { encoding: 'utf8' }).trim();
    const secret = new URL(uri).searchParams.get('secret');
    check(uri.startsWith('otpauth://totp/') && secret, `QR code: ${uri}`);
    // The secret key on request matches the QR code.
    await Promise.all([page.waitForNavigation(), page.click('a[href*="show_secret"]')]);
    check((await text(page, '#mfa-secret')).replace(/=+$/, '') === secret.replace(/=+$/, ''), 'secret key = QR secret');
    // Two consecutive codes, both in the past: the current step stays free for sign-in.
    await page.type('#code1', totp(secret, 2));
    await page.type('#code2', totp(secret, 1));
    await submit(page);
    // (The page's access keys stay denied: this session signed in without MFA.)
    check((await page.content()).includes('The MFA device was assigned'), `MFA assigned: ${await text(page, '#error')}`);
    check((await page.content()).includes(`arn:aws:iam::${ADMIN}:mfa/tanaka.hanako`), 'the device is listed');
    await snap(page, 'mfa-assigned');

    // 3-2 step 1: sign out, sign in again with MFA.
    await signOut(page);
    check(await page.$('#username'), 'signed out');
    await signIn(page, C, 'tanaka.hanako', newTanaka);
    check(await page.$('#mfa_code'), 'MFA code page');
    await snap(page, 'mfa-code');
    await page.type('#mfa_code', totp(secret, 0));
    await submit(page);
    check((await text(page, '#identity')) === `arn:aws:iam::${ADMIN}:user/tanaka.hanako`, 'signed in with MFA');

    // 3-2 step 2-4: switch role by the local link.
    const link = run(['console-url', '--endpoint-url', server.endpoint, '--account', PROD, '--role', 'role-operator',
      '--display-name', 'project-a prod ops']).trim();
    check(link.startsWith(`${C}switchrole?`), `console-url: ${link}`);
    await page.goto(link, { waitUntil: 'load' });
    check((await page.$eval('#role', (e) => e.value)) === 'role-operator', 'the link fills the form');
    await snap(page, 'switch-role-form');
    await submit(page);
    const roleArn = `arn:aws:sts::${PROD}:assumed-role/role-operator/tanaka.hanako`;
    check((await text(page, '#identity')) === roleArn, `in the role: ${await text(page, '#identity')}`);
    check((await page.content()).includes(`role-operator @ ${PROD}`), 'header shows role @ account');
    await snap(page, 'in-role');

    // A page of the role (ReadOnlyAccess), then a denied write.
    await page.goto(`${C}iam/roles`, { waitUntil: 'load' });
    check((await page.content()).includes('role-operator'), 'the role lists the account\'s roles');
    await snap(page, 'role-iam-roles');
    await page.goto(`${C}s3`, { waitUntil: 'load' });
    await page.type('#bucket', 'tanaka-denied-bucket');
    await submit(page);
    const denied = await text(page, '#error');
    check(denied && denied.includes('AccessDenied') && denied.includes('s3:CreateBucket'), `denied write: ${denied}`);
    await snap(page, 'role-write-denied');

    // Back to the user.
    await page.click('details.menu summary');
    await Promise.all([page.waitForNavigation(), page.click('form[action*="switchback"] button')]);
    check((await text(page, '#identity')) === `arn:aws:iam::${ADMIN}:user/tanaka.hanako`, 'back to user');
    await snap(page, 'back-to-user');
    await signOut(page);

    // yamada.taro has no MFA device: the switch is denied and no role session starts.
    const firstYamada = firstPassword(secrets, 'yamada.taro');
    await signIn(page, C, 'yamada.taro', firstYamada);
    await page.type('#old_password', firstYamada);
    await page.type('#new_password', 'Yamada-New-Passw0rd!x');
    await page.type('#confirm_password', 'Yamada-New-Passw0rd!x');
    await submit(page);
    await page.goto(`${C}switchrole?account=${PROD}&roleName=role-admin&displayName=admin`, { waitUntil: 'load' });
    await submit(page);
    const refused = await text(page, '#error');
    check(refused && refused.includes('AccessDenied') && refused.includes('sts:AssumeRole'), `switch refused: ${refused}`);
    check((await text(page, '#identity')) === `arn:aws:iam::${ADMIN}:user/yamada.taro`, 'no role session');
    await snap(page, 'switch-denied');

    // Passkeys (3-1 step 4's alternative): yamada.taro registers one in Chromium's virtual
    // authenticator, signs out, signs in with it instead of a code, and switches to the
    // role that requires MFA. WebAuthn needs a domain as RP ID, so from here the console
    // is opened as localhost (a secure context like 127.0.0.1).
    const L = C.replace('127.0.0.1', 'localhost');
    const cdp = await page.target().createCDPSession();
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true,
        isUserVerified: true, automaticPresenceSimulation: true,
      },
    });
    await signIn(page, L, 'yamada.taro', 'Yamada-New-Passw0rd!x');
    await page.goto(`${L}mfa/assign`, { waitUntil: 'load' });
    check(await page.$('form[data-webauthn="create"]'), 'the assign page offers a passkey');
    await page.$eval('#passkey_name', (e) => { e.value = ''; });
    await page.type('#passkey_name', 'yamada-laptop');
    await snap(page, 'passkey-register');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
      page.click('form[data-webauthn="create"] button[type=submit]')]);
    const registered = await page.content();
    check(registered.includes(`arn:aws:iam::${ADMIN}:u2f/user/yamada.taro/yamada-laptop-`),
      `passkey registered: ${await text(page, '#error')} ${await text(page, '.webauthn-status')}`);
    const creds = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    check(creds.credentials.length === 1, `one credential in the authenticator: ${creds.credentials.length}`);
    await snap(page, 'passkey-registered');
    await signOut(page);
    await signIn(page, L, 'yamada.taro', 'Yamada-New-Passw0rd!x');
    check(await page.$('form[data-webauthn="get"]') && !(await page.$('#mfa_code')), 'the passkey sign-in page');
    await snap(page, 'passkey-signin');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
      page.click('form[data-webauthn="get"] button[type=submit]')]);
    check((await text(page, '#identity')) === `arn:aws:iam::${ADMIN}:user/yamada.taro`,
      `signed in with the passkey: ${await text(page, '#error')} ${await text(page, '.webauthn-status')}`);
    const used = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    check(used.credentials[0].signCount >= 1, `the authenticator counted the signature: ${used.credentials[0].signCount}`);
    await page.goto(`${L}switchrole?account=${PROD}&roleName=role-admin&displayName=admin`, { waitUntil: 'load' });
    await submit(page);
    check((await text(page, '#identity')) === `arn:aws:sts::${PROD}:assumed-role/role-admin/yamada.taro`,
      `MFA from the passkey lets the role be assumed: ${await text(page, '#error')}`);
    await snap(page, 'passkey-in-role');
    // Access at a glance, read with the session's rights: prod's IAM through the role
    // (AdministratorAccess); the admin account's through his user's session, which the
    // article's policies do not allow — until the admin account's root (aws CLI against
    // the server) gives him IAMReadOnlyAccess.
    await page.goto(`${L}access`, { waitUntil: 'load' });
    let glance = await page.content();
    check(glance.includes(`<code>${PROD}</code> read`), 'the access page read the role\'s account');
    check(glance.includes('iam:GetAccountAuthorizationDetails'), 'the admin account is shown as denied');
    check(await page.$('#findings'), 'the audit findings of what was read');
    check(!glance.includes('<script'), 'the access page needs no script');
    await snap(page, 'access-role-account-only');
    execFileSync('aws', ['--endpoint-url', server.endpoint, '--region', 'us-east-1', 'iam', 'attach-user-policy',
      '--user-name', 'yamada.taro', '--policy-arn', 'arn:aws:iam::aws:policy/IAMReadOnlyAccess'], {
      env: { ...process.env, AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'), AWS_PROFILE: `root-${ADMIN}`,
        AWS_CONFIG_FILE: '/dev/null' },
    });
    await page.goto(`${L}access`, { waitUntil: 'load' });
    glance = await page.content();
    check(glance.includes(`<code>${ADMIN}</code> read`) && glance.includes(`<code>${PROD}</code> read`),
      'both accounts read');
    check(await page.$('svg#access-graph line'), 'the graph is drawn (SVG, server-rendered)');
    const yamadaRows = await page.$$eval('#grants tr', (rows) => rows.map((r) => r.textContent)
      .filter((t) => t.includes('yamada.taro') && t.includes('role-admin')));
    check(yamadaRows.length > 0 && yamadaRows.every((t) => t.includes('console only')),
      `the matrix on the page: ${JSON.stringify(yamadaRows)}`);
    await snap(page, 'access-at-a-glance');
    await page.goto(L, { waitUntil: 'load' });
    // The access matrix knows the passkey is the console's only: the CLI cannot get MFA.
    const matrix = run(['access', '--home', home, '--format', 'json']);
    const grants = JSON.parse(matrix).grants.filter((g) => g.user === 'yamada.taro' && g.role === 'role-admin');
    check(grants.length > 0 && grants.every((g) => g.mfa === 'required' && g.console_only === true),
      `access matrix: ${JSON.stringify(grants)}`);
    // (The audit exits 1: the article's templates have findings of their own.)
    const audit = spawnSync(JUMPGATE, ['audit', '--home', home, '--format', 'json'], { encoding: 'utf8' });
    const jg114 = JSON.parse(audit.stdout).findings.filter((f) => f.rule === 'JG114');
    check(jg114.length === 1 && jg114[0].principal === `arn:aws:iam::${ADMIN}:user/yamada.taro`,
      `the audit names the console-only MFA: ${JSON.stringify(jg114)} ${audit.stderr}`);
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    await signOut(page);

    // Japanese for a Japanese browser.
    await page.setExtraHTTPHeaders({ 'Accept-Language': 'ja' });
    await page.goto(`${C}switchrole`, { waitUntil: 'load' });
    check((await page.content()).includes('ロールの切り替え'), 'Japanese by Accept-Language');
    await snap(page, 'japanese');
    console.log(`console e2e passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${ARTIFACTS}`);
  } finally {
    await browser.close();
    server.proc.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
