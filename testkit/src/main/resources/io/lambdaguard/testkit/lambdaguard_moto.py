"""moto 5.x server with the AWS behaviours lambdaguard depends on and moto lacks.

Each patch below is a function named after the AWS behaviour it restores. The server
also records every AWS request it serves (GET /_lambdaguard/calls; with --call-log FILE
also appended to FILE as JSON lines, which no reset clears) and offers control
endpoints under /_lambdaguard/ for states that cannot be produced through the AWS API.

Control endpoints (JSON; not recorded as calls):
  GET  /_lambdaguard/health              200 once the server is up
  GET  /_lambdaguard/calls               [{"service", "operation", "method", "path", "accessKeyId"}, ...]
                                         in order
  POST /_lambdaguard/calls/reset         forget the recorded calls
  POST /_lambdaguard/lambda/in-progress  {"functionName": name or ARN, "reads": N}
  POST /_lambdaguard/lambda/system-tags  {"resource": function ARN, "tags": {...}}
  POST /_lambdaguard/lambda/concurrent-change
                                         {"functionName", "updates": N, "configuration": {...},
                                          "inProgressReads": M, "delete": false, "after": false,
                                          "operation": "UpdateFunctionConfiguration" | "TagResource",
                                          "tags": {...}}
  POST /_lambdaguard/lambda/update-gate  {"functionName", "parties": N, "timeoutSeconds": T}
  POST /_lambdaguard/xray/encryption-updating
                                         {"reads": N, "readsAfterPut": M}
  POST /moto-api/reset                   moto's reset; also clears the patches' state and the calls

Usage: python3 lambdaguard_moto.py --port PORT [--exit-with-stdin] [--call-log FILE]
Exit code 3 means moto (with its server extras) is not installed.
"""

import argparse
import datetime
import gzip
import io
import json
import os
import re
import sys
import threading
import uuid
from urllib.parse import parse_qs, unquote

MISSING_MOTO_EXIT_CODE = 3

try:
    import moto
    from botocore.exceptions import UnknownServiceError
    from moto.awslambda.models import LambdaBackend, LambdaFunction, lambda_backends
    from moto.awslambda.responses import LambdaResponse
    from moto.core.exceptions import JsonRESTError
    from moto.core.responses import ActionResult
    from moto.core.responses import _get_method_urls
    from moto.core.utils import unix_time_millis
    from moto.dynamodb.models import DynamoDBBackend
    from moto.ssm.exceptions import ValidationException as SsmValidationException
    from moto.ssm.responses import SimpleSystemManagerResponse
    from moto.kms.models import Key, KmsBackend, kms_backends
    from moto.logs.exceptions import InvalidParameterException, ResourceNotFoundException
    from moto.logs.models import LogGroup, logs_backends
    from moto.logs.responses import LogsResponse
    from moto.moto_api._internal.models import MotoAPIBackend
    from moto.server import DomainDispatcherApplication, create_backend_app
    from moto.xray import urls as xray_urls
    from moto.xray.models import xray_backends
    from moto.xray.responses import XRayResponse
    from werkzeug.serving import make_server
    from werkzeug.wrappers import Request, Response
except ModuleNotFoundError as error:  # moto, or its server extras (flask), not installed
    print(f'moto 5.x is required: pip install "moto[server]" ({error})', file=sys.stderr)
    sys.exit(MISSING_MOTO_EXIT_CODE)
except ImportError as error:  # a moto whose internals differ from those patched here
    print(f'moto 5.x is required: pip install "moto[server]==5.2.1" (written for 5.2.1: {error})', file=sys.stderr)
    sys.exit(MISSING_MOTO_EXIT_CODE)

if not moto.__version__.startswith("5."):
    print(f'moto 5.x is required: pip install "moto[server]" (found {moto.__version__})', file=sys.stderr)
    sys.exit(MISSING_MOTO_EXIT_CODE)

DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"

# Guards the compare-and-set of RevisionId and the in-progress window: moto serves
# requests on several threads, and AWS applies a conditional update atomically.
LAMBDA_UPDATE_LOCK = threading.RLock()


class LambdaUserError(JsonRESTError):
    """Lambda's REST-JSON error: header x-amzn-ErrorType, body {"Type": "User", "message": ...}."""

    def __init__(self, status, error_type, message):
        super().__init__(error_type, message)
        self.code = status
        self.description = json.dumps({"Type": "User", "message": message})


def _wrap(owner, name, make_replacement):
    """Replaces owner.name by make_replacement(original)."""
    setattr(owner, name, make_replacement(getattr(owner, name)))


# --------------------------------------------------------------------------- Lambda


def lambda_kms_key_arn():
    """AWS Lambda keeps KMSKeyArn, the customer managed key that encrypts environment
    variables: CreateFunction and UpdateFunctionConfiguration set it (an empty string
    restores the default key aws/lambda), and the function configuration returns it
    only while one is set. moto ignores the parameter."""

    def init(original):
        def __init__(self, account_id, spec, region, version=1):
            original(self, account_id, spec, region, version)
            self.kms_key_arn = spec.get("KMSKeyArn") or None

        return __init__

    def update_configuration(original):
        def updated(self, config_updates):
            if "KMSKeyArn" in config_updates:
                self.kms_key_arn = config_updates["KMSKeyArn"] or None
            return original(self, config_updates)

        return updated

    def get_configuration(original):
        def configuration(self, on_create=False):
            config = original(self, on_create)
            if self.kms_key_arn:
                config["KMSKeyArn"] = self.kms_key_arn
            return config

        return configuration

    _wrap(LambdaFunction, "__init__", init)
    _wrap(LambdaFunction, "update_configuration", update_configuration)
    _wrap(LambdaFunction, "get_configuration", get_configuration)


def _kms_key_problem(key_arn, account, region):
    """Why Lambda cannot use the KMS key key_arn for a function of account/region: None when it can,
    else (KMS exception, Lambda decrypt error code, KMS message), as AWS names them."""
    if key_arn.startswith("arn:"):
        parts = key_arn.split(":")
        if len(parts) < 6 or not parts[5].startswith("key/"):
            return "NotFoundException", "KMSNotFoundException", f"Invalid keyId '{key_arn}'"
        if parts[3] != region:
            return "NotFoundException", "KMSNotFoundException", f"Key '{key_arn}' does not exist"
        account = parts[4]
    backend = kms_backends[account][region]
    key = backend.keys.get(backend.get_key_id(key_arn))
    if key is None:
        return "NotFoundException", "KMSNotFoundException", f"Key '{key_arn}' does not exist"
    if key.key_state == "Disabled":
        return "DisabledException", "KMSDisabledException", f"{key.arn} is disabled."
    if key.key_state in ("PendingDeletion", "PendingReplicaDeletion"):
        return "KMSInvalidStateException", "KMSInvalidStateException", f"{key.arn} is pending deletion."
    if key.key_state != "Enabled":
        return "KMSInvalidStateException", "KMSInvalidStateException", f"{key.arn} is {key.key_state}."
    if not _policy_lets_account_use(key.policy, account):
        return ("AccessDeniedException", "KMSAccessDeniedException",
                f"User: arn:aws:iam::{account}:root is not authorized to perform: kms:CreateGrant on resource: {key.arn}")
    return None


def _policy_lets_account_use(policy, account):
    """Whether a key policy allows principals of the account kms:CreateGrant (directly, or via kms:*)."""
    try:
        statements = json.loads(policy).get("Statement", [])
    except (ValueError, AttributeError, TypeError):
        return False
    for statement in statements if isinstance(statements, list) else [statements]:
        principal = statement.get("Principal", {})
        aws = principal if principal == "*" else (principal.get("AWS", []) if isinstance(principal, dict) else [])
        aws = aws if isinstance(aws, list) else [aws]
        actions = statement.get("Action", [])
        actions = actions if isinstance(actions, list) else [actions]
        if (statement.get("Effect") == "Allow"
                and any(p == "*" or p == account or p.startswith(f"arn:aws:iam::{account}:") for p in aws)
                and any(a in ("kms:*", "kms:CreateGrant") for a in actions)):
            return True
    return False


def lambda_kms_key_checked_on_update():
    """AWS Lambda creates a KMS grant when UpdateFunctionConfiguration sets KMSKeyArn, and refuses the
    update when it cannot: 400 InvalidParameterValueException "Lambda was unable to configure access to
    your environment variables because the KMS key is invalid for CreateGrant. Please check your KMS key
    settings. KMS Exception: <DisabledException | KMSInvalidStateException | NotFoundException |
    AccessDeniedException> KMS Message: ...", for a disabled key, a key pending deletion, an unknown key
    or one of another region, and a key whose policy does not let the account use it. The function is
    left unchanged. moto accepts any KMSKeyArn."""

    def checked(original):
        def update(self, function_name, qualifier, body):
            key_arn = body.get("KMSKeyArn")
            if key_arn:
                fn = self.get_function(function_name, qualifier)
                problem = _kms_key_problem(key_arn, fn.account_id, fn.region)
                if problem is not None:
                    kms_exception, _, kms_message = problem
                    raise LambdaUserError(
                        400,
                        "InvalidParameterValueException",
                        "Lambda was unable to configure access to your environment variables because the KMS key "
                        "is invalid for CreateGrant. Please check your KMS key settings. "
                        f"KMS Exception: {kms_exception} KMS Message: {kms_message}",
                    )
            return original(self, function_name, qualifier, body)

        return update

    _wrap(LambdaBackend, "update_function_configuration", checked)


def lambda_environment_error_when_key_unusable():
    """AWS Lambda returns a function's environment variables decrypted only while their KMS key can
    decrypt them: with the key disabled, pending deletion, gone, or its policy not letting the account
    use it, GetFunction and GetFunctionConfiguration return Environment.Error {ErrorCode, Message}
    (KMSDisabledException, KMSInvalidStateException, KMSNotFoundException, KMSAccessDeniedException)
    instead of Variables. moto always returns the variables."""

    def get_configuration(original):
        def configuration(self, on_create=False):
            config = original(self, on_create)
            environment = config.get("Environment") or {}
            if getattr(self, "kms_key_arn", None) and environment.get("Variables"):
                problem = _kms_key_problem(self.kms_key_arn, self.account_id, self.region)
                if problem is not None:
                    _, error_code, _ = problem
                    config["Environment"] = {"Error": {
                        "ErrorCode": error_code,
                        "Message": "Lambda was unable to decrypt the environment variables because of "
                                   f"{error_code}. Please check the function's KMS key settings."}}
            return config

        return configuration

    _wrap(LambdaFunction, "get_configuration", get_configuration)


def lambda_logging_config():
    """AWS Lambda keeps LoggingConfig: CreateFunction and UpdateFunctionConfiguration set it,
    and the function configuration always returns it, with LogFormat Text and LogGroup
    /aws/lambda/<name> by default. moto ignores it and returns none."""

    def merged(current, given):
        config = dict(current)
        config.update({k: v for k, v in (given or {}).items() if v is not None})
        if not config.get("LogGroup"):
            config["LogGroup"] = current.get("LogGroup")
        return config

    def init(original):
        def __init__(self, account_id, spec, region, version=1):
            original(self, account_id, spec, region, version)
            default = {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{spec.get('FunctionName')}"}
            self.logging_config = merged(default, spec.get("LoggingConfig"))

        return __init__

    def update_configuration(original):
        def updated(self, config_updates):
            if "LoggingConfig" in config_updates:
                self.logging_config = merged(self.logging_config, config_updates["LoggingConfig"])
            return original(self, config_updates)

        return updated

    def get_configuration(original):
        def configuration(self, on_create=False):
            config = original(self, on_create)
            config["LoggingConfig"] = dict(self.logging_config)
            return config

        return configuration

    _wrap(LambdaFunction, "__init__", init)
    _wrap(LambdaFunction, "update_configuration", update_configuration)
    _wrap(LambdaFunction, "get_configuration", get_configuration)


def lambda_revision_id_precondition():
    """AWS Lambda gives every function configuration a RevisionId that changes on each
    update. UpdateFunctionConfiguration and UpdateFunctionCode with a RevisionId that is
    not the current one fail with 412 PreconditionFailedException and change nothing.
    moto has no RevisionId for functions."""

    def init(original):
        def __init__(self, *args, **kwargs):
            original(self, *args, **kwargs)
            self.revision_id = str(uuid.uuid4())

        return __init__

    def new_revision(original):
        def updated(self, body):
            if not body.get("DryRun"):
                self.revision_id = str(uuid.uuid4())
            return original(self, body)

        return updated

    def get_configuration(original):
        def configuration(self, on_create=False):
            config = original(self, on_create)
            config["RevisionId"] = self.revision_id
            return config

        return configuration

    def check_revision(original):
        def update(self, function_name, qualifier, body):
            with LAMBDA_UPDATE_LOCK:
                fn = self.get_function(function_name, qualifier)
                expected = body.get("RevisionId")
                if expected and expected != fn.revision_id:
                    raise LambdaUserError(
                        412,
                        "PreconditionFailedException",
                        "The Revision Id provided does not match the latest Revision Id. "
                        "Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
                    )
                return original(self, function_name, qualifier, body)

        return update

    _wrap(LambdaFunction, "__init__", init)
    _wrap(LambdaFunction, "update_configuration", new_revision)
    _wrap(LambdaFunction, "update_function_code", new_revision)
    _wrap(LambdaFunction, "get_configuration", get_configuration)
    _wrap(LambdaBackend, "update_function_configuration", check_revision)
    _wrap(LambdaBackend, "update_function_code", check_revision)


def lambda_update_in_progress():
    """After an update AWS Lambda reports LastUpdateStatus InProgress until the change is
    applied, and rejects further updates meanwhile with 409 ResourceConflictException.
    moto always reports Successful, so POST /_lambdaguard/lambda/in-progress marks a
    function: its next N GetFunction/GetFunctionConfiguration reads say InProgress."""

    def init(original):
        def __init__(self, *args, **kwargs):
            original(self, *args, **kwargs)
            self.in_progress_reads = 0

        return __init__

    def reject_while_in_progress(original):
        def update(self, function_name, qualifier, body):
            with LAMBDA_UPDATE_LOCK:
                fn = self.get_function(function_name, qualifier)
                if fn.in_progress_reads > 0:
                    raise LambdaUserError(
                        409,
                        "ResourceConflictException",
                        "The operation cannot be performed at this time. "
                        f"An update is in progress for resource: {fn.function_arn}",
                    )
                return original(self, function_name, qualifier, body)

        return update

    def report_in_progress(original, configuration_of):
        def read(self):
            response = json.loads(original(self))
            config = configuration_of(response)
            if config["Version"] == "$LATEST":
                with LAMBDA_UPDATE_LOCK:
                    fn = self.backend.get_function(config["FunctionName"])
                    if fn.in_progress_reads > 0:
                        fn.in_progress_reads -= 1
                        config["LastUpdateStatus"] = "InProgress"
            return json.dumps(response)

        return read

    _wrap(LambdaFunction, "__init__", init)
    _wrap(LambdaBackend, "update_function_configuration", reject_while_in_progress)
    _wrap(LambdaBackend, "update_function_code", reject_while_in_progress)
    _wrap(LambdaResponse, "get_function", lambda f: report_in_progress(f, lambda r: r["Configuration"]))
    _wrap(LambdaResponse, "get_function_configuration", lambda f: report_in_progress(f, lambda r: r))


def mark_in_progress(function_name, reads):
    """Control hook of lambda_update_in_progress."""
    if reads < 0:
        raise ValueError(f"reads must not be negative: {reads}")
    with LAMBDA_UPDATE_LOCK:
        _lambda_backend_for(function_name).get_function(function_name).in_progress_reads = reads


def lambda_reserved_tag_prefix():
    """AWS reserves tag keys starting with "aws:" (any case) for itself: TagResource,
    UntagResource and CreateFunction reject them with 400 InvalidParameterValueException.
    moto accepts them. Functions that carry such tags (CloudFormation stacks) are
    seeded through POST /_lambdaguard/lambda/system-tags instead."""

    def reject_reserved(keys):
        reserved = sorted(k for k in keys if k.lower().startswith("aws:"))
        if reserved:
            raise LambdaUserError(
                400,
                "InvalidParameterValueException",
                f"Tag keys starting with 'aws:' are reserved for internal use: {', '.join(reserved)}",
            )

    def create_function(original):
        def create(self, spec):
            reject_reserved(spec.get("Tags") or {})
            return original(self, spec)

        return create

    def tag_resource(original):
        def tag(self, resource_arn, tags):
            reject_reserved(tags)
            return original(self, resource_arn, tags)

        return tag

    def untag_resource(original):
        def untag(self, resource_arn, tag_keys):
            reject_reserved(tag_keys)
            return original(self, resource_arn, tag_keys)

        return untag

    _wrap(LambdaBackend, "create_function", create_function)
    _wrap(LambdaBackend, "tag_resource", tag_resource)
    _wrap(LambdaBackend, "untag_resource", untag_resource)


def set_system_tags(function_arn, tags):
    """Control hook of lambda_reserved_tag_prefix: tags as AWS services set them."""
    _lambda_backend_for(function_arn).get_function(function_arn).tags.update(tags)


def lambda_description_and_tag_length_limits():
    """AWS Lambda refuses a Description longer than 256 characters (CreateFunction,
    UpdateFunctionConfiguration) and tag keys longer than 128 or values longer than 256
    characters (CreateFunction, TagResource) with 400 ValidationException, changing nothing.
    moto accepts any length."""

    def validation_error(value, field, maximum):
        return LambdaUserError(
            400,
            "ValidationException",
            f"1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: "
            f"Member must have length less than or equal to {maximum}",
        )

    def check_description(body):
        description = body.get("Description")
        if description is not None and len(description) > 256:
            raise validation_error(description, "description", 256)

    def check_tags(tags):
        for key, value in (tags or {}).items():
            if len(key) > 128:
                raise validation_error(key, "tags", 128)
            if len(value) > 256:
                raise validation_error(value, "tags", 256)

    def create_function(original):
        def create(self, spec):
            check_description(spec)
            check_tags(spec.get("Tags"))
            return original(self, spec)

        return create

    def update_function_configuration(original):
        def update(self, function_name, qualifier, body):
            check_description(body)
            return original(self, function_name, qualifier, body)

        return update

    def tag_resource(original):
        def tag(self, resource_arn, tags):
            check_tags(tags)
            return original(self, resource_arn, tags)

        return tag

    _wrap(LambdaBackend, "create_function", create_function)
    _wrap(LambdaBackend, "update_function_configuration", update_function_configuration)
    _wrap(LambdaBackend, "tag_resource", tag_resource)


def lambda_concurrent_change_hooks():
    """Test hooks with no AWS counterpart: races that AWS produces and tests cannot time.

    concurrent-change: the next N UpdateFunctionConfiguration calls on the function are each
    preceded by another client's change that lands between the caller's read and its write:
    `configuration` applied as that client's update (so the RevisionId changes), optionally
    followed by M InProgress reads, or the function deleted. The caller's own update then runs
    as usual and meets the new state (412 PreconditionFailed, 409 ResourceConflict, 404).
    With "after": true the change lands right after the caller's write instead, before the
    caller can read its result. With "operation": "TagResource" it accompanies the next N tag
    writes (TagResource, UntagResource) instead, and applies `tags` as another client's TagResource.

    update-gate: the next N UpdateFunctionConfiguration calls on the function wait until all N
    have arrived (or timeoutSeconds passed), so N clients that read the same revision write
    against it at once; the compare-and-set of RevisionId then lets exactly one win."""

    def init(original):
        def __init__(self, *args, **kwargs):
            original(self, *args, **kwargs)
            self.concurrent_changes = []
            self.update_gate = None

        return __init__

    def hooked(original):
        def update(self, function_name, qualifier, body):
            fn = self.get_function(function_name, qualifier)
            with LAMBDA_UPDATE_LOCK:
                gate = fn.update_gate
                if gate is not None:
                    gate["slots"] -= 1
                    if gate["slots"] <= 0:
                        fn.update_gate = None
            if gate is not None:  # wait outside the lock, or the parties could never meet
                try:
                    gate["barrier"].wait()
                except threading.BrokenBarrierError:
                    pass
            with LAMBDA_UPDATE_LOCK:
                apply(self, fn, function_name, qualifier, take(fn, "UpdateFunctionConfiguration", False))
                result = original(self, function_name, qualifier, body)
                apply(self, fn, function_name, qualifier, take(fn, "UpdateFunctionConfiguration", True))
                return result

        return update

    def take(fn, operation, after):
        """The next change due at this point of a write of `operation`, counted as used once."""
        for change in fn.concurrent_changes:
            if change["operation"] == operation and change["after"] == after:
                change["updates"] -= 1
                if change["updates"] <= 0:
                    fn.concurrent_changes.remove(change)
                return change
        return None

    def apply(backend, fn, function_name, qualifier, change):
        if change is None:
            return
        if change.get("delete"):
            backend.delete_function(function_name, qualifier)
        elif change["operation"] == "TagResource":
            fn.tags.update(change["tags"])
        else:
            fn.update_configuration(dict(change.get("configuration") or {"Description": "changed concurrently"}))
            fn.in_progress_reads = int(change.get("inProgressReads") or 0)

    def hooked_tag_write(original):
        def write(self, resource_arn, argument):
            with LAMBDA_UPDATE_LOCK:
                fn = self._get_resource_by_arn(resource_arn)
                pending = getattr(fn, "concurrent_changes", None)
                if pending is None:  # not a function (a layer, an event source mapping)
                    return original(self, resource_arn, argument)
                apply(self, fn, fn.function_name, None, take(fn, "TagResource", False))
                result = original(self, resource_arn, argument)
                apply(self, fn, fn.function_name, None, take(fn, "TagResource", True))
                return result

        return write

    _wrap(LambdaFunction, "__init__", init)
    _wrap(LambdaBackend, "update_function_configuration", hooked)
    _wrap(LambdaBackend, "tag_resource", hooked_tag_write)
    _wrap(LambdaBackend, "untag_resource", hooked_tag_write)


def add_concurrent_change(function_name, change):
    """Control hook of lambda_concurrent_change_hooks."""
    if int(change.get("updates", 1)) < 1:
        raise ValueError("updates must be at least 1")
    with LAMBDA_UPDATE_LOCK:
        fn = _lambda_backend_for(function_name).get_function(function_name)
        operation = str(change.get("operation", "UpdateFunctionConfiguration"))
        if operation not in ("UpdateFunctionConfiguration", "TagResource"):
            raise ValueError(f"operation must be UpdateFunctionConfiguration or TagResource: {operation}")
        fn.concurrent_changes.append({
            "updates": int(change.get("updates", 1)),
            "operation": operation,
            "after": bool(change.get("after", False)),
            "configuration": dict(change.get("configuration") or {}),
            "tags": dict(change.get("tags") or {}),
            "inProgressReads": int(change.get("inProgressReads", 0)),
            "delete": bool(change.get("delete", False)),
        })


def set_update_gate(function_name, parties, timeout_seconds):
    """Control hook of lambda_concurrent_change_hooks."""
    if parties < 2:
        raise ValueError("parties must be at least 2")
    with LAMBDA_UPDATE_LOCK:
        fn = _lambda_backend_for(function_name).get_function(function_name)
        fn.update_gate = {"slots": parties, "barrier": threading.Barrier(parties, timeout=timeout_seconds)}


def _lambda_backend_for(name_or_arn):
    """The backend of the ARN's account and region, or of the defaults for a plain name."""
    parts = name_or_arn.split(":")
    if name_or_arn.startswith("arn:") and len(parts) >= 7:
        return lambda_backends[parts[4]][parts[3]]
    return lambda_backends[DEFAULT_ACCOUNT][DEFAULT_REGION]


def lambda_list_functions_pages():
    """AWS Lambda's ListFunctions returns at most 50 functions per call (MaxItems 1-10000,
    capped at 50) and a NextMarker to pass as Marker for the next page; a Marker it did not
    issue fails with 400 InvalidParameterValueException. moto returns every function in
    one response."""

    page_size = 50

    def list_functions(self):
        max_items = self.querystring.get("MaxItems", [None])[0]
        marker = self.querystring.get("Marker", [None])[0]
        try:
            limit = page_size if max_items is None else int(max_items)
            start = 0 if marker is None else int(marker.removeprefix("lambdaguard-page-"))
        except ValueError:
            raise LambdaUserError(400, "InvalidParameterValueException", "Invalid MaxItems or Marker")
        if not 1 <= limit <= 10000 or start < 0:
            raise LambdaUserError(400, "InvalidParameterValueException", "Invalid MaxItems or Marker")
        functions = list(self.backend.list_functions(self.querystring.get("FunctionVersion", [None])[0]))
        end = start + min(limit, page_size)
        # Only the page is rendered: rendering every function for every page makes a large listing quadratic.
        result = {"Functions": [fn.get_configuration() for fn in functions[start:end]]}
        if end < len(functions):
            result["NextMarker"] = f"lambdaguard-page-{end}"
        return json.dumps(result)

    LambdaResponse.list_functions = list_functions


def lambda_list_versions_by_function():
    """AWS Lambda's ListVersionsByFunction takes a function name, ARN or partial ARN, fails
    with 404 ResourceNotFoundException for a function that does not exist, and returns the
    configuration of $LATEST and of every published version (Description, Environment,
    KMSKeyArn, ...) at most 50 per call (MaxItems 1-10000, capped at 50) with a NextMarker to
    pass as Marker; a Marker it did not issue fails with 400 InvalidParameterValueException.
    moto matches the raw path segment as a name (an ARN lists nothing), answers an unknown
    function with an empty list and returns every version in one response."""

    page_size = 50

    def list_versions_by_function(self):
        name_or_arn = unquote(self.path.split("/")[-2])
        max_items = self.querystring.get("MaxItems", [None])[0]
        marker = self.querystring.get("Marker", [None])[0]
        try:
            limit = page_size if max_items is None else int(max_items)
            start = 0 if marker is None else int(marker.removeprefix("lambdaguard-versions-"))
        except ValueError:
            raise LambdaUserError(400, "InvalidParameterValueException", "Invalid MaxItems or Marker")
        if not 1 <= limit <= 10000 or start < 0:
            raise LambdaUserError(400, "InvalidParameterValueException", "Invalid MaxItems or Marker")
        # A partial ARN (123456789012:function:name) names the function of that account.
        partial = re.fullmatch(r"(\d{12}):function:([A-Za-z0-9_-]+)", name_or_arn)
        if partial:
            name_or_arn = f"arn:aws:lambda:{self.region}:{partial.group(1)}:function:{partial.group(2)}"
        # Raises moto's 404 ResourceNotFoundException for a function that does not exist.
        function = self.backend.get_function(name_or_arn)
        versions = list(self.backend.list_versions_by_function(function.function_name))
        end = start + min(limit, page_size)
        result = {"Versions": [fn.get_configuration() for fn in versions[start:end]]}
        if end < len(versions):
            result["NextMarker"] = f"lambdaguard-versions-{end}"
        return json.dumps(result)

    LambdaResponse.list_versions_by_function = list_versions_by_function


# --------------------------------------------------------------------------- KMS


def kms_aws_managed_lambda_key():
    """The keys behind the reserved aliases (alias/aws/lambda, alias/aws/s3, ...) are AWS
    managed: DescribeKey reports KeyManager AWS, which is how a customer managed key is
    told apart from the default. moto creates them on first use as CUSTOMER keys."""

    def generate(original):
        def generate_default_keys(self, alias_name):
            key_id = original(self, alias_name)
            if key_id:
                self.keys[key_id].key_manager = "AWS"
            return key_id

        return generate_default_keys

    _wrap(KmsBackend, "_generate_default_keys", generate)


def kms_default_key_usage():
    """CreateKey without KeyUsage creates an ENCRYPT_DECRYPT key, and DescribeKey always
    reports KeyUsage. moto stores None and DescribeKey omits the field."""

    def default_usage(original):
        def init(self, policy, key_usage, *args, **kwargs):
            original(self, policy, key_usage or "ENCRYPT_DECRYPT", *args, **kwargs)

        return init

    _wrap(Key, "__init__", default_usage)


def service_key_policy(account, region):
    """The key policy lambdaguard's template gives its key: the account administers it, and
    CloudWatch Logs may use it for this account's log groups."""
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "Account", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
         "Action": "kms:*", "Resource": "*"},
        {"Sid": "CloudWatchLogs", "Effect": "Allow", "Principal": {"Service": f"logs.{region}.amazonaws.com"},
         "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
         "Resource": "*",
         "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn":
                                   f"arn:aws:logs:{region}:{account}:log-group:*"}}}]})


def create_key_with_id(key_id, description=""):
    """Seeding hook (no AWS counterpart): a symmetric customer managed key with a chosen id and
    the service's key policy, so recorded events that name a key ARN replay against that ARN."""
    backend = kms_backends[DEFAULT_ACCOUNT][DEFAULT_REGION]
    if key_id in backend.keys:
        return backend.keys[key_id].arn
    key = backend.create_key(service_key_policy(DEFAULT_ACCOUNT, DEFAULT_REGION), "ENCRYPT_DECRYPT",
                             "SYMMETRIC_DEFAULT", description, None)
    del backend.keys[key.id]
    key.id = key_id
    key.arn = key.arn.rsplit("/", 1)[0] + "/" + key_id
    backend.keys[key_id] = key
    return key.arn


def kms_disable_key_by_arn():
    """KMS DisableKey and EnableKey accept a key ID or a key ARN. moto looks the ARN up
    as a raw key ID and answers 500."""

    def by_key_id(original):
        def change_state(self, key_id):
            return original(self, self.get_key_id(key_id))

        return change_state

    _wrap(KmsBackend, "disable_key", by_key_id)
    _wrap(KmsBackend, "enable_key", by_key_id)


# --------------------------------------------------------------------------- CloudWatch Logs


def logs_associate_kms_key():
    """CloudWatch Logs AssociateKmsKey encrypts a log group with a KMS key (DescribeLogGroups
    then returns kmsKeyId) and DisassociateKmsKey removes it; both answer
    ResourceNotFoundException for a missing group. moto does not implement them (500)."""

    def log_group(response):
        group = response.logs_backend.groups.get(response._get_param("logGroupName"))
        if group is None:
            raise ResourceNotFoundException()
        return group

    def associate_kms_key(self):
        log_group(self).kms_key_id = self._get_param("kmsKeyId")
        return ""

    def disassociate_kms_key(self):
        log_group(self).kms_key_id = None
        return ""

    LogsResponse.associate_kms_key = associate_kms_key
    LogsResponse.disassociate_kms_key = disassociate_kms_key


class LogsAccessDenied(JsonRESTError):
    def __init__(self, message):
        super().__init__("AccessDeniedException", message)


def logs_kms_key_policy_check():
    """CloudWatch Logs only uses a KMS key whose key policy allows the service principal
    logs.<region>.amazonaws.com; otherwise AssociateKmsKey and CreateLogGroup with kmsKeyId
    answer AccessDeniedException "The specified KMS key does not exist or is not allowed to be
    used with Arn 'arn:aws:logs:<region>:<account>:log-group:<name>'". A key ARN names its own account:
    another account's key is used when its policy allows. moto accepts any key id."""

    def allows_logs(policy, region):
        try:
            statements = json.loads(policy).get("Statement", [])
        except ValueError:
            return False
        for statement in statements if isinstance(statements, list) else [statements]:
            principal = statement.get("Principal", {})
            services = principal.get("Service", []) if isinstance(principal, dict) else []
            services = services if isinstance(services, list) else [services]
            actions = statement.get("Action", [])
            actions = actions if isinstance(actions, list) else [actions]
            if (statement.get("Effect") == "Allow"
                    and f"logs.{region}.amazonaws.com" in services
                    and any(a in ("kms:*", "kms:GenerateDataKey*", "kms:GenerateDataKey") for a in actions)):
                return True
        return False

    def check(response):
        key_id = response._get_param("kmsKeyId")
        if key_id is None:
            return
        region, account = response.region, response.current_account
        group = response._get_param("logGroupName")
        parts = key_id.split(":")
        key_account = parts[4] if key_id.startswith("arn:") and len(parts) >= 6 else account
        kms = kms_backends[key_account][region]
        try:
            key = kms.keys[kms.get_key_id(key_id)]
        except KeyError:
            key = None
        if key is None or key.key_state != "Enabled" or not allows_logs(key.policy, region):
            raise LogsAccessDenied(
                "The specified KMS key does not exist or is not allowed to be used with Arn "
                f"'arn:aws:logs:{region}:{account}:log-group:{group}'")

    def checked(original):
        def handler(self):
            check(self)
            return original(self)

        return handler

    _wrap(LogsResponse, "associate_kms_key", checked)
    _wrap(LogsResponse, "create_log_group", checked)


# --------------------------------------------------------------------------- CloudWatch Logs data protection

DATA_IDENTIFIER_ARN_PREFIX = "arn:aws:dataprotection::aws:data-identifier/"

# CloudWatch Logs' managed data identifiers (Amazon CloudWatch Logs User Guide, "Types of data that
# you can protect"): the names that stand alone, and the names that need a country code, e.g. Ssn-US.
MANAGED_DATA_IDENTIFIERS = {
    "Address", "AwsSecretKey", "CreditCardExpiration", "CreditCardNumber", "CreditCardSecurityCode",
    "DateOfBirth", "EmailAddress", "IpAddress", "LatLong", "Name", "OpenSshPrivateKey", "PgpPrivateKey",
    "PkcsPrivateKey", "PuttyPrivateKey", "VehicleIdentificationNumber",
}
COUNTRY_DATA_IDENTIFIERS = {
    "BankAccountNumber": "DE ES FR GB IT US",
    "CepCode": "BR",
    "Cnpj": "BR",
    "CpfCode": "BR",
    "DriversLicense": "AT AU BE BG CA CY CZ DE DK EE ES FI FR GB GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK US",
    "DrugEnforcementAgencyNumber": "US",
    "ElectoralRollNumber": "GB",
    "HealthInsuranceCardNumber": "EU",
    "HealthInsuranceClaimNumber": "US",
    "HealthInsuranceNumber": "FR",
    "HealthcareProcedureCode": "US",
    "IndividualTaxIdentificationNumber": "US",
    "InseeCode": "FR",
    "MedicareBeneficiaryNumber": "US",
    "NationalDrugCode": "US",
    "NationalIdentificationNumber": "DE ES IT",
    "NationalInsuranceNumber": "GB",
    "NationalProviderId": "US",
    "NhsNumber": "GB",
    "NieNumber": "ES",
    "NifNumber": "ES",
    "PassportNumber": "CA DE ES FR GB IT US",
    "PermanentResidenceNumber": "CA",
    "PersonalHealthNumber": "CA",
    "PhoneNumber": "BR DE ES FR GB IT US",
    "PostalCode": "CA",
    "RgNumber": "BR",
    "SocialInsuranceNumber": "CA",
    "Ssn": "ES US",
    "TaxId": "DE ES FR GB",
    "ZipCode": "US",
}
for _name, _countries in COUNTRY_DATA_IDENTIFIERS.items():
    MANAGED_DATA_IDENTIFIERS.update(f"{_name}-{country}" for country in _countries.split())

DATA_PROTECTION_POLICY_MAX_CHARS = 30720


def logs_data_protection_policy():
    """CloudWatch Logs keeps one data protection policy per log group.
    PutDataProtectionPolicy (logGroupIdentifier: the group's name or ARN; policyDocument: JSON)
    answers {logGroupIdentifier, policyDocument, lastUpdatedTime}; GetDataProtectionPolicy answers
    the same, without policyDocument and lastUpdatedTime while the group has no policy;
    DeleteDataProtectionPolicy removes it (ResourceNotFoundException if there is none, which AWS
    does not document). A missing group is ResourceNotFoundException. The
    document is checked as AWS documents it, else InvalidParameterException: at most 30,720
    characters; Version 2021-06-01; exactly one statement whose Operation is Audit, with a
    FindingsDestination object whose CloudWatchLogs LogGroup, if named, exists; at least one
    whose Operation is Deidentify with an empty MaskConfig; each statement's DataIdentifier a
    non-empty list of managed data identifier ARNs
    (arn:aws:dataprotection::aws:data-identifier/EmailAddress, .../Ssn-US, ...) or names of the
    document's Configuration.CustomDataIdentifier, the same set in every statement.
    DescribeLogGroups reports dataProtectionStatus ACTIVATED while a policy is set and DELETED
    once it is removed. moto implements none of this."""

    def invalid(message):
        return InvalidParameterException(msg=message)

    def log_group(response):
        identifier = response._get_param("logGroupIdentifier")
        if not identifier:
            raise invalid("logGroupIdentifier is required.")
        backend = response.logs_backend
        name = identifier
        if identifier.startswith("arn:"):
            parts = identifier.split(":", 6)
            if len(parts) < 7 or parts[2] != "logs" or parts[5] != "log-group":
                raise invalid(f"Invalid log group ARN: {identifier}")
            name = parts[6][:-2] if parts[6].endswith(":*") else parts[6]
            try:
                backend = logs_backends[parts[4]][parts[3]]
            except KeyError:  # a region moto does not know
                raise ResourceNotFoundException() from None
        group = backend.groups.get(name)
        if group is None:
            raise ResourceNotFoundException()
        return group, backend

    def statement_identifiers(statement, custom_names, index):
        identifiers = statement.get("DataIdentifier")
        if not isinstance(identifiers, list) or not identifiers:
            raise invalid(f"Statement[{index}].DataIdentifier must be a non-empty list.")
        for identifier in identifiers:
            if not isinstance(identifier, str):
                raise invalid(f"Statement[{index}].DataIdentifier must list strings.")
            if identifier in custom_names:
                continue
            name = identifier[len(DATA_IDENTIFIER_ARN_PREFIX):] if identifier.startswith(DATA_IDENTIFIER_ARN_PREFIX) else None
            if name not in MANAGED_DATA_IDENTIFIERS:
                raise invalid(f"Invalid data identifier: {identifier}")
        return frozenset(identifiers)

    def check_audit(audit, backend, index):
        destination = audit.get("FindingsDestination") if isinstance(audit, dict) else None
        if not isinstance(destination, dict):
            raise invalid(f"Statement[{index}].Operation.Audit must contain a FindingsDestination object.")
        cloudwatch_logs = destination.get("CloudWatchLogs")
        if cloudwatch_logs is not None:
            group = cloudwatch_logs.get("LogGroup") if isinstance(cloudwatch_logs, dict) else None
            if not isinstance(group, str) or group not in backend.groups:
                raise invalid(f"The findings destination log group does not exist: {group}")

    def check_document(document, backend):
        if len(document) > DATA_PROTECTION_POLICY_MAX_CHARS:
            raise invalid(f"policyDocument exceeds {DATA_PROTECTION_POLICY_MAX_CHARS} characters.")
        try:
            policy = json.loads(document)
        except ValueError:
            raise invalid("policyDocument is not valid JSON.") from None
        if not isinstance(policy, dict):
            raise invalid("policyDocument must be a JSON object.")
        if policy.get("Version", "2021-06-01") != "2021-06-01":
            raise invalid("Version must be 2021-06-01.")
        configuration = policy.get("Configuration") or {}
        custom = (configuration.get("CustomDataIdentifier") or []) if isinstance(configuration, dict) else None
        if not isinstance(custom, list):
            raise invalid("Configuration.CustomDataIdentifier must be a list.")
        custom_names = {c.get("Name") for c in custom if isinstance(c, dict) and c.get("Name") and c.get("Regex")}
        statements = policy.get("Statement")
        if not isinstance(statements, list) or not statements:
            raise invalid("Statement must be a non-empty list.")
        audits, deidentifies, identifier_sets = 0, 0, set()
        for index, statement in enumerate(statements):
            if not isinstance(statement, dict):
                raise invalid(f"Statement[{index}] must be an object.")
            identifier_sets.add(statement_identifiers(statement, custom_names, index))
            operation = statement.get("Operation")
            if not isinstance(operation, dict) or len(operation) != 1:
                raise invalid(f"Statement[{index}].Operation must hold exactly one of Audit, Deidentify.")
            if "Audit" in operation:
                audits += 1
                check_audit(operation["Audit"], backend, index)
            elif "Deidentify" in operation:
                deidentifies += 1
                deidentify = operation["Deidentify"]
                if not isinstance(deidentify, dict) or deidentify.get("MaskConfig") != {} or len(deidentify) != 1:
                    raise invalid(f'Statement[{index}].Operation.Deidentify must be {{"MaskConfig": {{}}}}.')
            else:
                raise invalid(f"Statement[{index}].Operation must hold exactly one of Audit, Deidentify.")
        if audits != 1 or deidentifies < 1:
            raise invalid("A data protection policy needs exactly one Audit statement and a Deidentify statement.")
        if len(identifier_sets) != 1:
            raise invalid("The DataIdentifier lists of the statements must match exactly.")

    def put_data_protection_policy(self):
        group, backend = log_group(self)
        document = self._get_param("policyDocument")
        if not isinstance(document, str):
            raise invalid("policyDocument is required.")
        check_document(document, backend)
        group.data_protection_policy = {"policyDocument": document, "lastUpdatedTime": int(unix_time_millis())}
        group.data_protection_status = "ACTIVATED"
        return json.dumps({"logGroupIdentifier": self._get_param("logGroupIdentifier"), **group.data_protection_policy})

    def get_data_protection_policy(self):
        group, _ = log_group(self)
        policy = getattr(group, "data_protection_policy", None) or {}
        return json.dumps({"logGroupIdentifier": self._get_param("logGroupIdentifier"), **policy})

    def delete_data_protection_policy(self):
        group, _ = log_group(self)
        if not getattr(group, "data_protection_policy", None):
            raise ResourceNotFoundException("The specified log group has no data protection policy.")
        group.data_protection_policy = None
        group.data_protection_status = "DELETED"
        return ""

    def describe(original):
        def to_describe_dict(self):
            description = original(self)
            status = getattr(self, "data_protection_status", None)
            if status:
                description["dataProtectionStatus"] = status
            return description

        return to_describe_dict

    LogsResponse.put_data_protection_policy = put_data_protection_policy
    LogsResponse.get_data_protection_policy = get_data_protection_policy
    LogsResponse.delete_data_protection_policy = delete_data_protection_policy
    _wrap(LogGroup, "to_describe_dict", describe)


# --------------------------------------------------------------------------- DynamoDB


def dynamodb_conditional_writes_atomic():
    """DynamoDB evaluates a write's ConditionExpression and applies the write as one atomic
    step: of two concurrent PutItem calls with attribute_not_exists on the same key, exactly
    one succeeds and the other fails with ConditionalCheckFailedException. moto serves
    requests on several threads and checks, then writes, without a lock, so both can
    succeed. Writes are serialised here."""

    lock = threading.RLock()

    def serialised(original):
        def write(self, *args, **kwargs):
            with lock:
                return original(self, *args, **kwargs)

        return write

    for name in ("put_item", "update_item", "delete_item", "transact_write_items"):
        _wrap(DynamoDBBackend, name, serialised)


# --------------------------------------------------------------------------- Systems Manager OpsCenter

# (account, region) -> {OpsItemId: OpsItem as the API returns it}
OPS_ITEMS = {}
OPS_ITEMS_LOCK = threading.Lock()


def ssm_ops_items():
    """Systems Manager OpsCenter keeps OpsItems: CreateOpsItem requires Title, Description
    and Source (else ValidationException) and answers the new OpsItemId; GetOpsItem,
    UpdateOpsItem (Status, ...) and DescribeOpsItems read and change them. Deduplication:
    while an OpsItem whose /aws/dedup operational data names the same dedupString is Open or
    InProgress, CreateOpsItem creates no new one (it answers that OpsItem's id); once it is
    Resolved, a new one is created. moto does not implement OpsCenter (500)."""

    def items(response):
        return OPS_ITEMS.setdefault((response.current_account, response.region), {})

    def dedup_string(operational_data):
        value = (operational_data or {}).get("/aws/dedup", {}).get("Value")
        try:
            return json.loads(value).get("dedupString") if value else None
        except (ValueError, AttributeError):
            return None

    def create_ops_item(self):
        missing = [name for name in ("Title", "Description", "Source") if not self._get_param(name)]
        if missing:
            raise SsmValidationException(f"1 validation error detected: {missing[0]} must not be empty")
        operational_data = self._get_param("OperationalData") or {}
        dedup = dedup_string(operational_data)
        with OPS_ITEMS_LOCK:
            known = items(self)
            if dedup:
                for item in known.values():
                    if item["Status"] in ("Open", "InProgress") and dedup_string(item["OperationalData"]) == dedup:
                        return ActionResult({"OpsItemId": item["OpsItemId"], "OpsItemArn": item["OpsItemArn"]})
            ops_item_id = "oi-" + uuid.uuid4().hex[:12]
            now = datetime.datetime.now(datetime.timezone.utc).timestamp()
            item = {
                "OpsItemId": ops_item_id,
                "OpsItemArn": f"arn:aws:ssm:{self.region}:{self.current_account}:opsitem/{ops_item_id}",
                "Title": self._get_param("Title"),
                "Description": self._get_param("Description"),
                "Source": self._get_param("Source"),
                "Status": "Open",
                "OperationalData": operational_data,
                "CreatedTime": now,
                "LastModifiedTime": now,
                "Version": "1",
            }
            for optional in ("Category", "Severity", "Priority", "OpsItemType"):
                if self._get_param(optional) is not None:
                    item[optional] = self._get_param(optional)
            known[ops_item_id] = item
        return ActionResult({"OpsItemId": ops_item_id, "OpsItemArn": item["OpsItemArn"]})

    def get_ops_item(self):
        item = items(self).get(self._get_param("OpsItemId"))
        if item is None:
            raise JsonRESTError("OpsItemNotFoundException", "The specified OpsItem ID doesn't exist.")
        return ActionResult({"OpsItem": item})

    def update_ops_item(self):
        with OPS_ITEMS_LOCK:
            item = items(self).get(self._get_param("OpsItemId"))
            if item is None:
                raise JsonRESTError("OpsItemNotFoundException", "The specified OpsItem ID doesn't exist.")
            for field in ("Status", "Title", "Description", "Severity", "Category", "Priority"):
                if self._get_param(field) is not None:
                    item[field] = self._get_param(field)
            item["LastModifiedTime"] = datetime.datetime.now(datetime.timezone.utc).timestamp()
        return ActionResult({})

    def describe_ops_items(self):
        summaries = [
            {k: v for k, v in item.items() if k not in ("Description", "OpsItemArn", "Version")}
            for item in items(self).values()
        ]
        return ActionResult({"OpsItemSummaries": summaries})

    SimpleSystemManagerResponse.create_ops_item = create_ops_item
    SimpleSystemManagerResponse.get_ops_item = get_ops_item
    SimpleSystemManagerResponse.update_ops_item = update_ops_item
    SimpleSystemManagerResponse.describe_ops_items = describe_ops_items


# --------------------------------------------------------------------------- X-Ray encryption

# Guards the encryption configuration and its countdown of UPDATING reads.
XRAY_ENCRYPTION_LOCK = threading.Lock()


class XRayInvalidRequest(JsonRESTError):
    def __init__(self, message):
        super().__init__("InvalidRequestException", message)
        self.code = 400


def _xray_encryption(backend):
    """The encryption configuration kept on the region's X-Ray backend (gone with moto's reset):
    X-Ray's default encryption until PutEncryptionConfig changes it."""
    if not hasattr(backend, "encryption_config"):
        backend.encryption_config = {"Type": "NONE", "Status": "ACTIVE"}
        backend.encryption_updating_reads = 0
        backend.encryption_updating_reads_after_put = 1
    return backend


def xray_encryption_config():
    """X-Ray keeps one encryption configuration per account and region. GetEncryptionConfig
    answers EncryptionConfig {KeyId, Status, Type}: Type NONE (default encryption) and Status
    ACTIVE until changed. PutEncryptionConfig with Type KMS and a KeyId (key ID, key ARN, alias
    name or alias ARN) answers the configuration with the key's ARN and Status UPDATING; X-Ray
    keeps reporting UPDATING while it propagates the new key, then ACTIVE. Type NONE returns
    to default encryption. InvalidRequestException for a Type other than NONE or KMS, for KMS
    without KeyId, and for a key X-Ray cannot use: unknown, not enabled, asymmetric, or AWS
    managed for another service (aws/xray is X-Ray's own AWS managed key). moto has neither
    operation. Here the first GetEncryptionConfig after a put reports UPDATING; POST
    /_lambdaguard/xray/encryption-updating changes how many reads do."""

    def backend(response):
        return _xray_encryption(xray_backends[response.current_account][response.region])

    def usable_key_arn(key_id, account, region):
        if key_id.startswith("arn:"):
            parts = key_id.split(":")
            if len(parts) < 6:
                raise XRayInvalidRequest(f"Invalid KMS key: {key_id}")
            account, region = parts[4], parts[3]
        kms = kms_backends[account][region]
        try:
            key = kms.keys[kms.any_id_to_key_id(key_id)]
        except (KeyError, AttributeError):  # AttributeError: an alias that names no key
            raise XRayInvalidRequest(f"KMS key not found: {key_id}") from None
        if key.key_state != "Enabled":
            raise XRayInvalidRequest(f"KMS key is not enabled ({key.key_state}): {key_id}")
        if key.key_spec != "SYMMETRIC_DEFAULT" or key.key_usage != "ENCRYPT_DECRYPT":
            raise XRayInvalidRequest(f"X-Ray does not support asymmetric KMS keys: {key_id}")
        if key.key_manager == "AWS" and "alias/aws/xray" not in key.aliases:
            raise XRayInvalidRequest(f"KMS key is managed by AWS for another service: {key_id}")
        return key.arn

    def encryption_config(self):  # GetEncryptionConfig: POST /EncryptionConfig
        xray = backend(self)
        with XRAY_ENCRYPTION_LOCK:
            config = dict(xray.encryption_config)
            if xray.encryption_updating_reads > 0:
                xray.encryption_updating_reads -= 1
            else:
                xray.encryption_config["Status"] = config["Status"] = "ACTIVE"
        return json.dumps({"EncryptionConfig": config})

    def put_encryption_config(self):  # PutEncryptionConfig: POST /PutEncryptionConfig
        encryption_type = self._get_param("Type")
        key_id = self._get_param("KeyId")
        if encryption_type not in ("NONE", "KMS"):
            raise XRayInvalidRequest(f"Type must be NONE or KMS: {encryption_type}")
        config = {"Type": encryption_type, "Status": "UPDATING"}
        if encryption_type == "KMS":
            if not key_id:
                raise XRayInvalidRequest("KeyId is required when Type is KMS.")
            config["KeyId"] = usable_key_arn(key_id, self.current_account, self.region)
        xray = backend(self)
        with XRAY_ENCRYPTION_LOCK:
            xray.encryption_config = config
            xray.encryption_updating_reads = xray.encryption_updating_reads_after_put
        return json.dumps({"EncryptionConfig": dict(config)})

    XRayResponse.encryption_config = encryption_config
    XRayResponse.put_encryption_config = put_encryption_config
    xray_urls.url_paths["{0}/EncryptionConfig$"] = XRayResponse.dispatch
    xray_urls.url_paths["{0}/PutEncryptionConfig$"] = XRayResponse.dispatch


def set_xray_encryption_updating(body):
    """Control hook of xray_encryption_config: {"reads": N} makes the next N GetEncryptionConfig
    reads report UPDATING; {"readsAfterPut": M} makes each later PutEncryptionConfig be followed
    by M such reads (default 1; 0 means ACTIVE at once)."""
    values = {field: int(body[field]) for field in ("reads", "readsAfterPut") if field in body}
    if not values or any(value < 0 for value in values.values()):
        raise ValueError("give reads and/or readsAfterPut, not negative")
    xray = _xray_encryption(xray_backends[DEFAULT_ACCOUNT][DEFAULT_REGION])
    with XRAY_ENCRYPTION_LOCK:
        if "readsAfterPut" in values:
            xray.encryption_updating_reads_after_put = values["readsAfterPut"]
        if "reads" in values:
            xray.encryption_updating_reads = values["reads"]
            xray.encryption_config["Status"] = "UPDATING" if values["reads"] else "ACTIVE"


# --------------------------------------------------------------------------- API call log


class CallLog:
    """Every AWS request served, in arrival order; each also appended to the file, when one
    is set, so what a test run called survives the resets between its tests."""

    def __init__(self):
        self._lock = threading.Lock()
        self._calls = []
        self._file = None

    def append_to(self, path):
        with self._lock:
            self._file = open(path, "a", encoding="utf-8")

    def record(self, call):
        with self._lock:
            self._calls.append(call)
            if self._file is not None:
                self._file.write(json.dumps(call) + "\n")
                self._file.flush()

    def snapshot(self):
        with self._lock:
            return list(self._calls)

    def clear(self):
        with self._lock:
            self._calls.clear()


CALLS = CallLog()


def moto_api_reset_clears_patch_state():
    """POST /moto-api/reset recreates every backend, which drops the state the Lambda
    patches keep on the function models; the call log and the OpsItems are cleared with it."""

    def reset(original):
        def reset_all(self):
            original(self)
            CALLS.clear()
            with OPS_ITEMS_LOCK:
                OPS_ITEMS.clear()

        return reset_all

    _wrap(MotoAPIBackend, "reset", reset)


def describe_call(environ):
    """{service, operation, method, path, accessKeyId} of a signed AWS request."""
    method = environ["REQUEST_METHOD"]
    path = environ.get("PATH_INFO", "")
    authorization = environ.get("HTTP_AUTHORIZATION", "")
    service = _signing_service(authorization)
    return {
        "service": service,
        "operation": _operation(environ, service, method, path),
        "method": method,
        "path": path,
        "accessKeyId": _access_key_id(authorization),
    }


def _signing_service(authorization):
    # SigV4: "AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/lambda/aws4_request, ..."
    match = re.search(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request", authorization)
    return match.group(1) if match else None


def _access_key_id(authorization):
    # Who signed: tests give each function role its own key, so calls can be told apart by principal.
    match = re.search(r"Credential=([^/,\s]+)/", authorization)
    return match.group(1) if match else None


def _operation(environ, service, method, path):
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:  # JSON protocols (KMS, Logs, SQS, DynamoDB): "TrentService.DescribeKey"
        return target.rsplit(".", 1)[-1]
    action = _query_action(environ)
    if action:  # query protocols (SNS, IAM, STS): Action=Publish
        return action
    return _rest_operation(service, method, path)


def _query_action(environ):
    action = parse_qs(environ.get("QUERY_STRING", "")).get("Action")
    if action:
        return action[0]
    if not environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        return None
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)  # moto reads the body again
    if "gzip" in environ.get("HTTP_CONTENT_ENCODING", ""):  # the SDK compresses large query requests
        body = gzip.decompress(body)
    action = parse_qs(body.decode("utf-8", errors="replace")).get("Action")
    return action[0] if action else None


def _rest_operation(service, method, path):
    """REST protocols (Lambda, Security Hub): the operation whose HTTP binding in the
    botocore model matches, most specific pattern first, as moto itself resolves it."""
    if service is None:
        return None
    try:
        patterns = _get_method_urls(service, DEFAULT_REGION).get(method, {})
    except UnknownServiceError:
        return None
    for regexp, operation in sorted(patterns.items(), key=lambda p: len(p[0]), reverse=True):
        if re.match(regexp, path):
            return operation
    return None


# --------------------------------------------------------------------------- server


class LambdaguardApp:
    """moto's dispatcher behind the call log, plus the /_lambdaguard/ control endpoints."""

    CONTROL_PREFIX = "/_lambdaguard/"

    def __init__(self, moto_app):
        self.moto_app = moto_app
        self.routes = {
            ("GET", "/_lambdaguard/health"): self.health,
            ("GET", "/_lambdaguard/calls"): self.calls,
            ("POST", "/_lambdaguard/calls/reset"): self.reset_calls,
            ("POST", "/_lambdaguard/lambda/in-progress"): self.in_progress,
            ("POST", "/_lambdaguard/lambda/system-tags"): self.system_tags,
            ("POST", "/_lambdaguard/kms/keys"): self.kms_key,
            ("POST", "/_lambdaguard/lambda/concurrent-change"): self.concurrent_change,
            ("POST", "/_lambdaguard/lambda/update-gate"): self.update_gate,
            ("POST", "/_lambdaguard/xray/encryption-updating"): self.xray_encryption_updating,
        }

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(self.CONTROL_PREFIX):
            return self.control(Request(environ))(environ, start_response)
        if not path.startswith("/moto-api"):
            CALLS.record(describe_call(environ))
        return self.moto_app(environ, start_response)

    def control(self, request):
        route = self.routes.get((request.method, request.path))
        if route is None:
            return _json_response(404, {"message": f"no control endpoint {request.method} {request.path}"})
        try:
            return _json_response(200, route(json.loads(request.get_data() or b"{}")))
        except (KeyError, ValueError, TypeError) as error:
            return _json_response(400, {"message": f"bad control request: {error!r}"})
        except JsonRESTError as error:  # e.g. unknown function
            return _json_response(error.code, {"message": error.message})

    @staticmethod
    def health(body):
        return {"status": "ok", "moto": moto.__version__}

    @staticmethod
    def calls(body):
        return CALLS.snapshot()

    @staticmethod
    def reset_calls(body):
        CALLS.clear()
        return {}

    @staticmethod
    def in_progress(body):
        """{"functionName": name or ARN, "reads": N}"""
        mark_in_progress(body["functionName"], int(body["reads"]))
        return {}

    @staticmethod
    def system_tags(body):
        """{"resource": function ARN, "tags": {"aws:cloudformation:stack-name": "x"}}"""
        set_system_tags(body["resource"], dict(body["tags"]))
        return {}

    @staticmethod
    def concurrent_change(body):
        """{"functionName", "updates": N, "configuration": {...}, "inProgressReads": M, "delete": bool,
        "after": bool, "operation": "UpdateFunctionConfiguration" | "TagResource", "tags": {...}}"""
        add_concurrent_change(body["functionName"], body)
        return {}

    @staticmethod
    def update_gate(body):
        """{"functionName", "parties": N, "timeoutSeconds": T}"""
        set_update_gate(body["functionName"], int(body["parties"]), float(body.get("timeoutSeconds", 10)))
        return {}

    @staticmethod
    def xray_encryption_updating(body):
        """{"reads": N} and/or {"readsAfterPut": M}"""
        set_xray_encryption_updating(body)
        return {}

    @staticmethod
    def kms_key(body):
        """{"keyId": "<uuid>", "description": "..."} -> {"arn": "..."}"""
        key_id = str(body["keyId"])
        if not re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", key_id):
            raise ValueError("keyId must be a lower-case UUID")
        return {"arn": create_key_with_id(key_id, str(body.get("description", "")))}


def _json_response(status, payload):
    return Response(json.dumps(payload), status=status, mimetype="application/json")


PATCHES = [
    lambda_kms_key_arn,
    lambda_logging_config,
    lambda_revision_id_precondition,
    lambda_update_in_progress,
    lambda_reserved_tag_prefix,
    lambda_description_and_tag_length_limits,
    lambda_concurrent_change_hooks,
    lambda_kms_key_checked_on_update,
    lambda_environment_error_when_key_unusable,
    lambda_list_functions_pages,
    lambda_list_versions_by_function,
    kms_aws_managed_lambda_key,
    kms_default_key_usage,
    kms_disable_key_by_arn,
    logs_associate_kms_key,
    logs_kms_key_policy_check,
    logs_data_protection_policy,
    dynamodb_conditional_writes_atomic,
    ssm_ops_items,
    xray_encryption_config,
    moto_api_reset_clears_patch_state,
]


def _exit_at_stdin_eof():
    sys.stdin.read()
    os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument(
        "--exit-with-stdin",
        action="store_true",
        help="exit when stdin closes, so the server dies with the process that started it",
    )
    parser.add_argument("--call-log", help="also append every recorded AWS request to this file, as JSON lines")
    args = parser.parse_args()
    if args.call_log:
        CALLS.append_to(args.call_log)
    if args.exit_with_stdin:
        threading.Thread(target=_exit_at_stdin_eof, daemon=True).start()

    for patch in PATCHES:
        patch()
    app = LambdaguardApp(DomainDispatcherApplication(create_backend_app))
    server = make_server(args.host, args.port, app, threaded=True)
    print(f"moto {moto.__version__} with lambdaguard patches on http://{args.host}:{args.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
