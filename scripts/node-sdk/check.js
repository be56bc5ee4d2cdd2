// Drives the example server with the official Huawei Cloud Node.js SDK and checks what
// the SDK hands its user for each error (httpStatusCode, errorCode, errorMsg, requestId)
// against the published table. Run by ../node-sdk-check.sh, which starts the server.
//
//   node check.js ENDPOINT PROJECT_ID dual|published
'use strict';

const core = require('@huaweicloud/huaweicloud-sdk-core');
const vpc = require('@huaweicloud/huaweicloud-sdk-vpc');

const [endpoint, projectId, mode] = process.argv.slice(2);
if (!endpoint || !projectId || !['dual', 'published'].includes(mode)) {
  console.error('usage: node check.js ENDPOINT PROJECT_ID dual|published');
  process.exit(2);
}

// The example server accepts the SDK's signed requests without checking the signature.
const credentials = new core.BasicCredentials()
  .withAk('AKEXAMPLEEXAMPLEEXAM')
  .withSk('SKEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAM')
  .withProjectId(projectId);
const client = vpc.VpcClient.newBuilder()
  .withCredential(credentials)
  .withEndpoint(endpoint)
  .build();

// Rows of the published table (code, status, message), as the SDK's user should see them.
const VPC_NAME_EXISTS = { status: 400, code: 'VPC.0115', message: 'The router name has exist.' };
const VPC_NOT_FOUND = { status: 404, code: 'VPC.0003', message: 'VPC does not exist.' };
const VPC_HAS_SUBNETS = {
  status: 409, code: 'VPC.0104', message: 'Router contains subnets, please delete subnet first.',
};
const MISSING = '6f2a1c3e-1111-4a4a-9b9b-000000000000';

let failures = 0;
let passed = 0;

function report(ok, what, detail) {
  if (ok) {
    passed += 1;
    console.log(`ok   ${what}`);
  } else {
    failures += 1;
    console.log(`FAIL ${what}: ${detail}`);
  }
}

async function success(what, call) {
  try {
    const result = await call();
    report(true, what);
    return result;
  } catch (e) {
    report(false, what, `an error: ${e.httpStatusCode} ${e.errorCode} ${e.errorMsg}`);
    return undefined;
  }
}

// What the SDK's user sees of an error. With the published body the SDK finds no
// error_code and keeps axios's own message: that is what this check documents.
async function failure(what, call, row) {
  try {
    await call();
    report(false, what, 'succeeded');
  } catch (e) {
    const seen = `${e.httpStatusCode} ${e.errorCode} ${JSON.stringify(e.errorMsg)} request ${e.requestId}`;
    const expected = mode === 'dual'
      ? { code: row.code, message: row.message }
      : { code: undefined, message: `Request failed with status code ${row.status}` };
    const ok = e.httpStatusCode === row.status
      && e.errorCode === expected.code
      && e.errorMsg === expected.message
      && typeof e.requestId === 'string' && /^[0-9a-f]{32}$/.test(e.requestId);
    report(ok, `${what} -> ${seen}`, `expected ${row.status} ${expected.code} ${JSON.stringify(expected.message)} and a request id`);
  }
}

async function main() {
  const name = `node-sdk-${mode}`;
  const createVpc = () => client.createVpc(new vpc.CreateVpcRequest().withBody(
    new vpc.CreateVpcRequestBody().withVpc(new vpc.CreateVpcOption().withName(name).withCidr('10.0.0.0/16')),
  ));
  const created = await success('CreateVpc', createVpc);
  const vpcId = created && created.vpc && created.vpc.id;
  await failure('CreateVpc with a name in use', createVpc, VPC_NAME_EXISTS);
  await success('ShowVpc', () => client.showVpc(new vpc.ShowVpcRequest().withVpcId(vpcId)));
  await failure('ShowVpc of a missing VPC', () => client.showVpc(new vpc.ShowVpcRequest().withVpcId(MISSING)), VPC_NOT_FOUND);
  const createSubnet = (vpc_id) => client.createSubnet(new vpc.CreateSubnetRequest().withBody(
    new vpc.CreateSubnetRequestBody().withSubnet(new vpc.CreateSubnetOption()
      .withName(`${name}-subnet`).withCidr('10.0.1.0/24').withGatewayIp('10.0.1.1').withVpcId(vpc_id)),
  ));
  const subnet = await success('CreateSubnet', () => createSubnet(vpcId));
  await success('ShowSubnet', () => client.showSubnet(new vpc.ShowSubnetRequest().withSubnetId(subnet && subnet.subnet && subnet.subnet.id)));
  await failure('CreateSubnet in a missing VPC', () => createSubnet(MISSING), VPC_NOT_FOUND);
  await failure('DeleteVpc with a subnet', () => client.deleteVpc(new vpc.DeleteVpcRequest().withVpcId(vpcId)), VPC_HAS_SUBNETS);
  console.log(`${passed} passed, ${failures} failed`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
