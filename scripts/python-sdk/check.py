"""Drives the example server with the official Huawei Cloud Python SDK and checks what the
SDK hands its user for each error (status_code, error_code, error_msg, request_id) against
the catalogues: every operation's success path and at least one error of each, the API
gateway's rows, and rows only a fault produces (the server runs with --faults). Run by
../sdk-check.sh, which starts the server and writes the catalogues as JSON (`vpc-errors
list --json`), so no expected text is copied here.

    python check.py ENDPOINT PROJECT_ID VPC_ROWS.json GATEWAY_ROWS.json

Table-driven: an operation is an entry of OPERATIONS, its errors a list of cases.
"""

import json
import re
import sys
import urllib.error
import urllib.request

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions import exceptions
from huaweicloudsdkcore.http.http_handler import HttpHandler
import huaweicloudsdkeip.v2 as eip
import huaweicloudsdkvpc.v2 as vpc

MISSING = "6f2a1c3e-1111-4a4a-9b9b-000000000000"


class Catalogue:
    """The rows of one catalogue, as `vpc-errors list --json` prints them."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.rows = json.load(f)

    def row(self, operation, ref, status=None):
        """The row `ref` (a code or a name) of `operation` (None: any row)."""
        found = [
            r for r in self.rows
            if ref in (r["code"], r["name"])
            and (operation is None or r["common"] or operation in r["operations"])
            and (status is None or status in r["statuses"])
        ]
        if len(found) != 1:
            raise SystemExit(f"catalogue: {operation} {ref} {status}: {len(found)} rows")
        return found[0]

    def expect(self, operation, ref, status=None, **values):
        """(status, code, message) the row answers with, its template filled with `values`."""
        row = self.row(operation, ref, status)
        message = row["message"]["source"]
        for name in row["message"]["params"]:
            message = message.replace("{" + name + "}", values[name])
        message = message.replace("{{", "{").replace("}}", "}")
        return (status or row["statuses"][0], row["code"], message)


class Check:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def report(self, ok, what, detail=""):
        if ok:
            self.passed += 1
            print(f"ok   {what}")
        else:
            self.failed += 1
            print(f"FAIL {what}: {detail}")

    def success(self, what, call):
        try:
            result = call()
        except exceptions.SdkException as e:
            self.report(False, what, f"an error: {e}")
            return None
        self.report(True, what)
        return result

    def failure(self, what, call, expected):
        try:
            call()
        except exceptions.ServiceResponseException as e:
            seen = (e.status_code, e.error_code, e.error_msg)
            ok = seen == expected and bool(re.fullmatch(r"[0-9a-f]{32}", e.request_id or ""))
            self.report(ok, f"{what} -> {seen[0]} {seen[1]} {seen[2]!r}",
                        f"expected {expected} and a request id, request id {e.request_id!r}")
            return
        except exceptions.SdkException as e:
            self.report(False, what, f"not a service error: {e}")
            return
        self.report(False, what, "succeeded")

    def raw(self, what, method, url, expected, headers=None):
        """A plain HTTP request, for what no SDK call can send (an unknown path or method)
        or what the SDK does not hand its user (a 429)."""
        request = urllib.request.Request(url, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request) as response:
                status, headers, body = response.status, response.headers, response.read()
        except urllib.error.HTTPError as e:
            status, headers, body = e.code, e.headers, e.read()
        try:
            decoded = json.loads(body)
        except ValueError:
            decoded = {}
        seen = (status, decoded.get("error_code"), decoded.get("error_msg"))
        rid = headers.get("X-Request-Id")
        ok = seen == expected and rid and decoded.get("request_id") == rid
        self.report(ok, f"{what} -> {seen[0]} {seen[1]} {seen[2]!r}",
                    f"expected {expected} with the X-Request-Id in the body, body {body!r}")


class Tweak:
    """What the next requests change on the wire: a fault header, dropped credentials.
    Set between calls; the SDK's request handler applies it after signing."""

    def __init__(self):
        self.fault = None
        self.unsigned = False

    def __call__(self, request=None, **_):
        if self.fault:
            request.header_params["X-Vpc-Fault"] = self.fault
        if self.unsigned:
            request.header_params.pop("Authorization", None)

    def faulty(self, spec, call):
        def run():
            self.fault = spec
            try:
                return call()
            finally:
                self.fault = None
        return run

    def without_credentials(self, call):
        def run():
            self.unsigned = True
            try:
                return call()
            finally:
                self.unsigned = False
        return run


def main():
    endpoint, project, vpc_rows, gateway_rows = sys.argv[1:5]
    rows, gateway = Catalogue(vpc_rows), Catalogue(gateway_rows)
    check, tweak = Check(), Tweak()
    credentials = BasicCredentials(
        "AKEXAMPLEEXAMPLEEXAM", "SKEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAM", project)
    handler = HttpHandler().add_request_handler(tweak)

    def client(module, cls):
        return (getattr(module, cls).new_builder().with_credentials(credentials)
                .with_endpoint(endpoint).with_http_handler(handler).build())

    vpcs, eips = client(vpc, "VpcClient"), client(eip, "EipClient")
    state = {}

    def create_vpc(name, cidr="10.0.0.0/16"):
        return vpcs.create_vpc(vpc.CreateVpcRequest(body=vpc.CreateVpcRequestBody(
            vpc=vpc.CreateVpcOption(name=name, cidr=cidr))))

    def create_subnet(name, cidr, gateway_ip, vpc_id):
        return vpcs.create_subnet(vpc.CreateSubnetRequest(body=vpc.CreateSubnetRequestBody(
            subnet=vpc.CreateSubnetOption(
                name=name, cidr=cidr, gateway_ip=gateway_ip, vpc_id=vpc_id))))

    def create_publicip(size=5):
        return eips.create_publicip(eip.CreatePublicipRequest(body=eip.CreatePublicipRequestBody(
            publicip=eip.CreatePublicipOption(type="5_bgp"),
            bandwidth=eip.CreatePublicipBandwidthOption(name="bw", size=size, share_type="PER"))))

    def update_publicip(publicip_id, port_id):
        return eips.update_publicip(eip.UpdatePublicipRequest(
            publicip_id=publicip_id, body=eip.UpdatePublicipsRequestBody(
                publicip=eip.UpdatePublicipOption(port_id=port_id))))

    def create_shared(name, size=10):
        return eips.create_shared_bandwidth(eip.CreateSharedBandwidthRequest(
            body=eip.CreateSharedBandwidhRequestBody(
                bandwidth=eip.CreateSharedBandwidthOption(name=name, size=size))))

    def update_bandwidth(bandwidth_id, size):
        return eips.update_bandwidth(eip.UpdateBandwidthRequest(
            bandwidth_id=bandwidth_id, body=eip.UpdateBandwidthRequestBody(
                bandwidth=eip.UpdateBandwidthOption(size=size))))

    def insert(bandwidth_id, publicip_id):
        return eips.add_publicips_into_shared_bandwidth(eip.AddPublicipsIntoSharedBandwidthRequest(
            bandwidth_id=bandwidth_id, body=eip.AddPublicipsIntoSharedBandwidthRequestBody(
                bandwidth=eip.AddPublicipsIntoSharedBandwidthOption(
                    publicip_info=[eip.InsertPublicipInfo(publicip_id=publicip_id)]))))

    def remove(bandwidth_id, publicip_id, charge_mode="bandwidth", size=5):
        return eips.remove_publicips_from_shared_bandwidth(
            eip.RemovePublicipsFromSharedBandwidthRequest(
                bandwidth_id=bandwidth_id, body=eip.RemovePublicipsFromSharedBandwidthRequestBody(
                    bandwidth=eip.RemoveFromSharedBandwidthOption(
                        charge_mode=charge_mode, size=size,
                        publicip_info=[eip.RemovePublicipInfo(publicip_id=publicip_id)]))))

    def eip_bandwidth():
        shown = eips.show_publicip(eip.ShowPublicipRequest(publicip_id=state["eip"]))
        state["bandwidth"] = shown.publicip.bandwidth_id
        return eips.show_bandwidth(eip.ShowBandwidthRequest(bandwidth_id=state["bandwidth"]))
    def create_security_group(name):
        return vpcs.create_security_group(vpc.CreateSecurityGroupRequest(
            body=vpc.CreateSecurityGroupRequestBody(
                security_group=vpc.CreateSecurityGroupOption(name=name))))

    def create_rule(port, group=None):
        return vpcs.create_security_group_rule(vpc.CreateSecurityGroupRuleRequest(
            body=vpc.CreateSecurityGroupRuleRequestBody(
                security_group_rule=vpc.CreateSecurityGroupRuleOption(
                    security_group_id=group or state["sg"], direction="ingress",
                    protocol="tcp", port_range_min=port, port_range_max=port))))

    def create_flow_log(resource_id):
        return vpcs.create_flow_log(vpc.CreateFlowLogRequest(body=vpc.CreateFlowLogReqBody(
            flow_log=vpc.CreateFlowLogReq(
                name="fl", resource_type="vpc", resource_id=resource_id, traffic_type="all",
                log_group_id=MISSING, log_topic_id=MISSING))))

    def update_flow_log(flowlog_id):
        return vpcs.update_flow_log(vpc.UpdateFlowLogRequest(
            flowlog_id=flowlog_id, body=vpc.UpdateFlowLogReqBody(
                flow_log=vpc.UpdateFlowLogReq(admin_state=False))))

    def create_privateip(subnet_id, ip_address=None):
        return vpcs.create_privateip(vpc.CreatePrivateipRequest(
            body=vpc.CreatePrivateipRequestBody(privateips=[
                vpc.CreatePrivateipOption(subnet_id=subnet_id, ip_address=ip_address)])))

    def keep(key, attr):
        def store(result):
            state[key] = getattr(result, attr).id
        return store

    # (operation, success call, what to keep of its result, [(what, call, expected)]).
    # The successes run in this order, so later entries use what earlier ones created.
    operations = [
        ("CreateVpc", lambda: create_vpc("sdk"), keep("vpc", "vpc"), [
            ("duplicate name", lambda: create_vpc("sdk"), rows.expect("CreateVpc", "VpcNameExists")),
            ("bad cidr", lambda: create_vpc("x", "10.0.0.0/33"), rows.expect("CreateVpc", "VPC.0101")),
        ]),
        ("ShowVpc", lambda: vpcs.show_vpc(vpc.ShowVpcRequest(vpc_id=state["vpc"])), None, [
            ("missing", lambda: vpcs.show_vpc(vpc.ShowVpcRequest(vpc_id=MISSING)),
             rows.expect("ShowVpc", "VpcNotFound")),
            ("fault", tweak.faulty("NeutronError; status=500",
                                   lambda: vpcs.show_vpc(vpc.ShowVpcRequest(vpc_id=state["vpc"]))),
             rows.expect("ShowVpc", "NeutronError", 500)),
        ]),
        ("ListVpcs", lambda: vpcs.list_vpcs(vpc.ListVpcsRequest(limit=10)), None, [
            ("bad marker", lambda: vpcs.list_vpcs(vpc.ListVpcsRequest(marker=MISSING)),
             rows.expect("ListVpcs", "VPC.0101")),
        ]),
        ("UpdateVpc", lambda: vpcs.update_vpc(vpc.UpdateVpcRequest(
            vpc_id=state["vpc"], body=vpc.UpdateVpcRequestBody(vpc=vpc.UpdateVpcOption(name="sdk2")))),
         None, [
            ("missing", lambda: vpcs.update_vpc(vpc.UpdateVpcRequest(
                vpc_id=MISSING, body=vpc.UpdateVpcRequestBody(vpc=vpc.UpdateVpcOption(name="y")))),
             rows.expect("UpdateVpc", "VpcNotFound")),
        ]),
        ("CreateSubnet", lambda: create_subnet("s", "10.0.1.0/24", "10.0.1.1", state["vpc"]),
         keep("subnet", "subnet"), [
            ("outside the vpc", lambda: create_subnet("t", "192.168.1.0/24", "192.168.1.1", state["vpc"]),
             rows.expect("CreateSubnet", "VPC.0203")),
            ("fault", tweak.faulty("VPC.0202", lambda: create_subnet(
                "u", "10.0.2.0/24", "10.0.2.1", state["vpc"])),
             rows.expect("CreateSubnet", "VPC.0202")),
        ]),
        ("ShowSubnet", lambda: vpcs.show_subnet(vpc.ShowSubnetRequest(subnet_id=state["subnet"])),
         None, [
            ("missing", lambda: vpcs.show_subnet(vpc.ShowSubnetRequest(subnet_id=MISSING)),
             rows.expect("ShowSubnet", "VPC.0202")),
        ]),
        ("ListSubnets", lambda: vpcs.list_subnets(vpc.ListSubnetsRequest(vpc_id=state["vpc"])), None, [
            ("bad marker", lambda: vpcs.list_subnets(vpc.ListSubnetsRequest(marker=MISSING)),
             rows.expect("ListSubnets", "VPC.0201")),
        ]),
        ("UpdateSubnet", lambda: vpcs.update_subnet(vpc.UpdateSubnetRequest(
            vpc_id=state["vpc"], subnet_id=state["subnet"],
            body=vpc.UpdateSubnetRequestBody(subnet=vpc.UpdateSubnetOption(name="s2")))), None, [
            ("template fault", tweak.faulty("VPC.0201; field=name", lambda: vpcs.update_subnet(
                vpc.UpdateSubnetRequest(vpc_id=state["vpc"], subnet_id=state["subnet"],
                                        body=vpc.UpdateSubnetRequestBody(
                                            subnet=vpc.UpdateSubnetOption(name="s3"))))),
             rows.expect("UpdateSubnet", "VPC.0201", field="name")),
        ]),
        ("CreateSecurityGroup", lambda: create_security_group("sdk"), keep("sg", "security_group"), [
            ("bad name", lambda: create_security_group("a b"),
             rows.expect("CreateSecurityGroup", "SecurityGroupNameInvalid")),
        ]),
        ("ShowSecurityGroup", lambda: vpcs.show_security_group(
            vpc.ShowSecurityGroupRequest(security_group_id=state["sg"])), None, [
            ("missing", lambda: vpcs.show_security_group(
                vpc.ShowSecurityGroupRequest(security_group_id=MISSING)),
             rows.expect("ShowSecurityGroup", "SecurityGroupNotFound")),
        ]),
        ("ListSecurityGroups", lambda: vpcs.list_security_groups(
            vpc.ListSecurityGroupsRequest(limit=10)), None, [
            ("bad marker", lambda: vpcs.list_security_groups(
                vpc.ListSecurityGroupsRequest(marker=MISSING)),
             rows.expect("ListSecurityGroups", "LimitInvalid")),
        ]),
        ("CreateSecurityGroupRule", lambda: create_rule(22), keep("rule", "security_group_rule"), [
            ("duplicate", lambda: create_rule(22), rows.expect("CreateSecurityGroupRule", "RuleAlreadyExists")),
            ("fault", tweak.faulty("RuleCreatedConcurrently", lambda: create_rule(23)),
             rows.expect("CreateSecurityGroupRule", "RuleCreatedConcurrently")),
        ]),
        ("CreateFlowLog", lambda: create_flow_log(state["vpc"]), keep("flow_log", "flow_log"), [
            ("duplicate", lambda: create_flow_log(state["vpc"]),
             lambda: rows.expect("CreateFlowLog", "FlowLogDuplicate", resource_type="vpc",
                                 resource_id=state["vpc"], log_group_id=MISSING,
                                 log_topic_id=MISSING, log_store_type="lts",
                                 log_store_name=MISSING)),
            ("missing vpc", lambda: create_flow_log(MISSING),
             rows.expect("CreateFlowLog", "ResourceNotFound", resource_id=MISSING)),
        ]),
        ("ListFlowLogs", lambda: vpcs.list_flow_logs(vpc.ListFlowLogsRequest(limit="10")), None, [
            ("bad marker", lambda: vpcs.list_flow_logs(vpc.ListFlowLogsRequest(marker=MISSING)),
             rows.expect("ListFlowLogs", "ListParamInvalid", list_param="marker")),
        ]),
        ("ShowFlowLog", lambda: vpcs.show_flow_log(vpc.ShowFlowLogRequest(flowlog_id=state["flow_log"])),
         None, [
            ("missing", lambda: vpcs.show_flow_log(vpc.ShowFlowLogRequest(flowlog_id=MISSING)),
             rows.expect("ShowFlowLog", "FlowLogNotFound", flow_log_id=MISSING)),
        ]),
        ("UpdateFlowLog", lambda: update_flow_log(state["flow_log"]), None, [
            ("bad id", lambda: update_flow_log("fl-1"),
             rows.expect("UpdateFlowLog", "FlowLogIdInvalid")),
        ]),
        ("DeleteFlowLog", lambda: vpcs.delete_flow_log(
            vpc.DeleteFlowLogRequest(flowlog_id=state["flow_log"])), None, [
            ("gone", lambda: vpcs.delete_flow_log(
                vpc.DeleteFlowLogRequest(flowlog_id=state["flow_log"])),
             lambda: rows.expect("DeleteFlowLog", "FlowLogNotFound", flow_log_id=state["flow_log"])),
        ]),
        ("CreatePrivateip", lambda: create_privateip(state["subnet"]),
         lambda result: state.update(pip=result.privateips[0].id), [
            ("outside the subnet", lambda: create_privateip(state["subnet"], "192.168.9.9"),
             rows.expect("CreatePrivateip", "VPC.0705")),
            ("the gateway's address", lambda: create_privateip(state["subnet"], "10.0.1.1"),
             rows.expect("CreatePrivateip", "VPC.0701")),
            ("no such subnet", lambda: create_privateip(MISSING),
             rows.expect("CreatePrivateip", "VPC.2204")),
        ]),
        ("ShowPrivateip", lambda: vpcs.show_privateip(vpc.ShowPrivateipRequest(
            privateip_id=state["pip"])), None, [
            ("missing", lambda: vpcs.show_privateip(vpc.ShowPrivateipRequest(privateip_id=MISSING)),
             rows.expect("ShowPrivateip", "VPC.0704")),
        ]),
        ("ListPrivateips", lambda: vpcs.list_privateips(vpc.ListPrivateipsRequest(
            subnet_id=state["subnet"], limit=10)), None, [
            ("no such subnet", lambda: vpcs.list_privateips(vpc.ListPrivateipsRequest(
                subnet_id=MISSING)), rows.expect("ListPrivateips", "VPC.0702")),
        ]),
        ("ShowNetworkIpAvailabilities", lambda: vpcs.show_network_ip_availabilities(
            vpc.ShowNetworkIpAvailabilitiesRequest(network_id=state["subnet"])), None, [
            ("missing", lambda: vpcs.show_network_ip_availabilities(
                vpc.ShowNetworkIpAvailabilitiesRequest(network_id=MISSING)),
             rows.expect("ShowNetworkIpAvailabilities", "VPC.2302", network_id=MISSING)),
            ("malformed", lambda: vpcs.show_network_ip_availabilities(
                vpc.ShowNetworkIpAvailabilitiesRequest(network_id="net-1")),
             rows.expect("ShowNetworkIpAvailabilities", "VPC.2301")),
        ]),
        ("ShowQuota", lambda: vpcs.show_quota(vpc.ShowQuotaRequest(type="subnet")), None, [
            ("unknown type", lambda: vpcs.show_quota(vpc.ShowQuotaRequest(type="router")),
             rows.expect("ShowQuota", "VPC.1207")),
        ]),
        ("DeleteSubnet (with a private IP)", None, None, [
            ("still has a private IP", lambda: vpcs.delete_subnet(vpc.DeleteSubnetRequest(
                vpc_id=state["vpc"], subnet_id=state["subnet"])),
             rows.expect("DeleteSubnet", "VPC.0208")),
        ]),
        ("DeletePrivateip", lambda: vpcs.delete_privateip(vpc.DeletePrivateipRequest(
            privateip_id=state["pip"])), None, [
            ("gone", lambda: vpcs.delete_privateip(vpc.DeletePrivateipRequest(
                privateip_id=state["pip"])), rows.expect("DeletePrivateip", "VPC.0704")),
            ("fault", tweak.faulty("PrivateipDeleteFailed", lambda: vpcs.delete_privateip(
                vpc.DeletePrivateipRequest(privateip_id=MISSING))),
             rows.expect("DeletePrivateip", "VPC.0706")),
        ]),
        ("DeleteVpc (with a subnet)", None, None, [
            ("still has a subnet", lambda: vpcs.delete_vpc(vpc.DeleteVpcRequest(vpc_id=state["vpc"])),
             rows.expect("DeleteVpc", "VPC.0104")),
        ]),
        ("DeleteSubnet", lambda: vpcs.delete_subnet(vpc.DeleteSubnetRequest(
            vpc_id=state["vpc"], subnet_id=state["subnet"])), None, [
            ("gone", lambda: vpcs.delete_subnet(vpc.DeleteSubnetRequest(
                vpc_id=state["vpc"], subnet_id=state["subnet"])),
             rows.expect("DeleteSubnet", "VPC.0202", 404)),
        ]),
        ("DeleteVpc", lambda: vpcs.delete_vpc(vpc.DeleteVpcRequest(vpc_id=state["vpc"])), None, [
            ("gone", lambda: vpcs.delete_vpc(vpc.DeleteVpcRequest(vpc_id=state["vpc"])),
             rows.expect("DeleteVpc", "VpcNotFound")),
        ]),
        ("CreatePublicip", lambda: create_publicip(), keep("eip", "publicip"), [
            ("bandwidth too large", lambda: create_publicip(size=100000),
             rows.expect("CreatePublicip", "VPC.0301")),
        ]),
        ("ShowPublicip", lambda: eips.show_publicip(eip.ShowPublicipRequest(publicip_id=state["eip"])),
         None, [
            ("missing", lambda: eips.show_publicip(eip.ShowPublicipRequest(publicip_id=MISSING)),
             rows.expect("ShowPublicip", "VPC.0504")),
        ]),
        ("ListPublicips", lambda: eips.list_publicips(eip.ListPublicipsRequest(limit=5)), None, [
            ("bad marker", lambda: eips.list_publicips(eip.ListPublicipsRequest(marker=MISSING)),
             rows.expect("ListPublicips", "VPC.0501")),
        ]),
        ("ShowBandwidth", eip_bandwidth, None, [
            ("missing", lambda: eips.show_bandwidth(eip.ShowBandwidthRequest(bandwidth_id=MISSING)),
             rows.expect("ShowBandwidth", "VPC.0306")),
            ("malformed id", lambda: eips.show_bandwidth(eip.ShowBandwidthRequest(bandwidth_id="b-1")),
             rows.expect("ShowBandwidth", "BandwidthIdInvalid")),
        ]),
        ("ListBandwidths", lambda: eips.list_bandwidths(eip.ListBandwidthsRequest(limit=5)), None, [
            ("bad marker", lambda: eips.list_bandwidths(eip.ListBandwidthsRequest(marker=MISSING)),
             rows.expect("ListBandwidths", "VPC.0306")),
            ("bad share type", lambda: eips.list_bandwidths(eip.ListBandwidthsRequest(share_type="ALL")),
             rows.expect("ListBandwidths", "LimitInvalid")),
        ]),
        ("UpdateBandwidth", lambda: update_bandwidth(state["bandwidth"], 10), None, [
            ("size not in steps of 50", lambda: update_bandwidth(state["bandwidth"], 310),
             rows.expect("UpdateBandwidth", "VPC.0301")),
            ("fault", tweak.faulty("VPC.0305", lambda: update_bandwidth(state["bandwidth"], 20)),
             rows.expect("UpdateBandwidth", "BandwidthUpdateFailed")),
        ]),
        ("CreateSharedBandwidth", lambda: create_shared("sdk-shared"), keep("shared", "bandwidth"), [
            ("quota", tweak.faulty("VPC.0310", lambda: create_shared("sdk-shared-2")),
             rows.expect("CreateSharedBandwidth", "VPC.0310")),
            ("too small (the gateway's row)", lambda: create_shared("sdk-shared-3", size=1),
             gateway.expect(None, "RequestError")),
        ]),
        ("AddPublicipsIntoSharedBandwidth", lambda: insert(state["shared"], state["eip"]), None, [
            ("already shared", lambda: insert(state["shared"], state["eip"]),
             rows.expect("AddPublicipsIntoSharedBandwidth", "VPC.0323")),
            ("no such EIP", lambda: insert(state["shared"], MISSING),
             rows.expect("AddPublicipsIntoSharedBandwidth", "VPC.0301")),
        ]),
        ("RemovePublicipsFromSharedBandwidth", lambda: remove(state["shared"], state["eip"]), None, [
            ("not in it", lambda: remove(state["shared"], state["eip"]),
             rows.expect("RemovePublicipsFromSharedBandwidth", "VPC.0323")),
            ("traffic over 300 Mbit/s", lambda: remove(state["shared"], state["eip"], "traffic", 400),
             rows.expect("RemovePublicipsFromSharedBandwidth", "VPC.0301")),
        ]),
        ("UpdatePublicip", lambda: update_publicip(state["eip"], MISSING), None, [
            ("already bound", lambda: update_publicip(state["eip"], "6f2a1c3e-2222-4a4a-9b9b-000000000000"),
             rows.expect("UpdatePublicip", "VPC.0510")),
        ]),
        ("DeletePublicip (bound)", None, None, [
            ("bound", lambda: eips.delete_publicip(eip.DeletePublicipRequest(publicip_id=state["eip"])),
             rows.expect("DeletePublicip", "VPC.0517")),
        ]),
        ("DeletePublicip", lambda: (update_publicip(state["eip"], None), eips.delete_publicip(
            eip.DeletePublicipRequest(publicip_id=state["eip"]))), None, [
            ("gone", lambda: eips.delete_publicip(eip.DeletePublicipRequest(publicip_id=state["eip"])),
             rows.expect("DeletePublicip", "VPC.0504")),
        ]),
    ]

    for name, call, then, errors in operations:
        if call is not None:
            result = check.success(f"{name}: success", call)
            if result is not None and then is not None:
                then(result)
        for what, failing, expected in errors:
            # A row whose message quotes an id created above is expected once it exists.
            if callable(expected):
                expected = expected()
            check.failure(f"{name}: {what}", failing, expected)

    # The API gateway's rows, which the SDK decodes as it does the service's.
    list_vpcs = lambda: vpcs.list_vpcs(vpc.ListVpcsRequest())
    check.failure("gateway: no credentials", tweak.without_credentials(list_vpcs),
                  gateway.expect(None, "IamAuthFailed"))
    check.failure("gateway: IAM unavailable (fault)", tweak.faulty("APIGW.0613", list_vpcs),
                  gateway.expect(None, "IamUnavailable"))
    check.failure("gateway: fault naming a row ListVpcs lacks", tweak.faulty("VPC.0517", list_vpcs),
                  gateway.expect(None, "RequestError"))
    base = endpoint.rstrip("/")
    check.raw("gateway: unknown path", "GET", f"{base}/v1/{project}/routers",
              gateway.expect(None, "ApiNotFound"))
    check.raw("gateway: unknown method", "PATCH", f"{base}/v1/{project}/vpcs",
              gateway.expect(None, "MethodNotFound"))
    # The SDK retries a 429 itself (urllib3's Retry, status list [429], 0 retries by
    # default) and raises its own RetryError with no code: the row is checked on the wire.
    check.raw("gateway: throttled (fault)", "GET", f"{base}/v1/{project}/vpcs",
              gateway.expect(None, "Throttled"), {"X-Vpc-Fault": "Throttled"})

    print(f"{check.passed} passed, {check.failed} failed")
    return 1 if check.failed else 0


if __name__ == "__main__":
    sys.exit(main())
