// The switch-role scenario through the JS SDK v3 (run by sdk_clients.py, which starts the
// server and sets up IAM): the user's MFA session, role-admin in a member account, S3 with
// forcePathStyle, and a CloudFormation call. Prints one JSON object of what it saw; the
// Python side asserts on it. Env: ENDPOINT, KEY, SECRET, MFA_SERIAL, MFA_CODE, ROLE_ARN.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.env.JUMPGATE_TOOLS_DIR, "package.json"));
const { STSClient, GetCallerIdentityCommand, GetSessionTokenCommand, AssumeRoleCommand } = require("@aws-sdk/client-sts");
const { IAMClient, ListAttachedRolePoliciesCommand, CreateUserCommand } = require("@aws-sdk/client-iam");
const { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, ListObjectsV2Command } = require("@aws-sdk/client-s3");
const { CloudFormationClient, ListStacksCommand } = require("@aws-sdk/client-cloudformation");

const env = process.env;
const common = { endpoint: env.ENDPOINT, region: "ap-northeast-1", maxAttempts: 1 };
const creds = (c) => ({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken });
const errorOf = async (p) => {
  try { await p; return null; } catch (e) { return { name: e.name, status: e.$metadata?.httpStatusCode }; }
};

const out = {};
const user = { accessKeyId: env.KEY, secretAccessKey: env.SECRET };
out.denied = await errorOf(new STSClient({ ...common, credentials: user }).send(
  new AssumeRoleCommand({ RoleArn: env.ROLE_ARN, RoleSessionName: "js" })));
const session = await new STSClient({ ...common, credentials: user }).send(
  new GetSessionTokenCommand({ SerialNumber: env.MFA_SERIAL, TokenCode: env.MFA_CODE }));
const role = await new STSClient({ ...common, credentials: creds(session.Credentials) }).send(
  new AssumeRoleCommand({ RoleArn: env.ROLE_ARN, RoleSessionName: "js" }));
const roleCreds = creds(role.Credentials);
out.identity = (await new STSClient({ ...common, credentials: roleCreds }).send(new GetCallerIdentityCommand({}))).Arn;
out.attached = (await new IAMClient({ ...common, credentials: roleCreds }).send(
  new ListAttachedRolePoliciesCommand({ RoleName: "role-admin" }))).AttachedPolicies.map((p) => p.PolicyName);
out.badUser = await errorOf(new IAMClient({ ...common, credentials: roleCreds }).send(
  new CreateUserCommand({ UserName: "bad name!" })));

const s3 = new S3Client({ ...common, credentials: roleCreds, forcePathStyle: true });
await s3.send(new CreateBucketCommand({ Bucket: "js-bucket" }));
await s3.send(new PutObjectCommand({ Bucket: "js-bucket", Key: "dir/hello.txt", Body: "hello from js" }));
out.object = await (await s3.send(new GetObjectCommand({ Bucket: "js-bucket", Key: "dir/hello.txt" }))).Body.transformToString();
out.keys = ((await s3.send(new ListObjectsV2Command({ Bucket: "js-bucket" }))).Contents || []).map((o) => o.Key);
out.noKey = await errorOf(s3.send(new GetObjectCommand({ Bucket: "js-bucket", Key: "missing" })));

const cfn = new CloudFormationClient({ ...common, credentials: roleCreds });
try {
  out.stacks = ((await cfn.send(new ListStacksCommand({}))).StackSummaries || []).length;
} catch (e) {
  out.stacks = { name: e.name, status: e.$metadata?.httpStatusCode };
}
console.log(JSON.stringify(out));
