#!/usr/bin/env python3
"""The template CloudFormation gets: template.yaml translated by AWS's SAM translator, for given parameters.

Usage: sam_translate.py TEMPLATE [Name=Value ...] [--unresolved]
       sam_translate.py TEMPLATE --batch < parameter-sets.json

Local CodeUris are replaced by S3 locations, as `sam package` does, then the template goes through samtranslator
(the package cfn-lint installs, the code behind the AWS::Serverless transform). By default the result is then
resolved for the parameters (defaults for the ones not given), as CloudFormation would deploy it: resources and
outputs whose Condition is false are dropped, Fn::If takes its branch, AWS::NoValue disappears and Refs to
parameters become their values. The condition values are printed under "ResolvedConditions". --unresolved prints
the translation as is. --batch reads a JSON list of parameter maps and prints the list of resolved templates
(one interpreter for many stacks; a set that fails gives {"Error": message}). Prints JSON on stdout; exits 2 with one line on stderr when samtranslator is
missing.
"""
import json
import os
import sys

try:
  from samtranslator.parser.parser import Parser
  from samtranslator.translator.translator import Translator
  from samtranslator.yaml_helper import yaml_parse
except ImportError:
  sys.stderr.write("error: python package samtranslator is missing; it comes with cfn-lint: pip install cfn-lint\n")
  sys.exit(2)

_NO_VALUE = object()


def package(template):
  """What `sam package` does to local code: an S3 location instead of a path."""
  for logical_id, resource in template.get("Resources", {}).items():
    properties = resource.get("Properties", {})
    if resource.get("Type") == "AWS::Serverless::Function" and isinstance(properties.get("CodeUri"), str) \
        and not properties["CodeUri"].startswith("s3://"):
      properties["CodeUri"] = "s3://lambdaguard-artifacts/%s.zip" % logical_id


def parameter_values(template, given):
  values = {}
  for name, declaration in template.get("Parameters", {}).items():
    if name in given:
      value = given[name]
    elif "Default" in declaration:
      value = str(declaration["Default"])
    else:
      raise SystemExit("error: parameter %s has no default and no value" % name)
    values[name] = [v.strip() for v in value.split(",")] if declaration.get("Type") == "CommaDelimitedList" else value
  unknown = set(given) - set(values)
  if unknown:
    raise SystemExit("error: unknown parameters %s" % sorted(unknown))
  return values


class Resolver:
  def __init__(self, template, parameters):
    self.parameters = parameters
    self.definitions = template.get("Conditions", {})
    self.conditions = {}

  def condition(self, name):
    if name not in self.conditions:
      self.conditions[name] = bool(self.evaluate(self.definitions[name]))
    return self.conditions[name]

  def evaluate(self, expression):
    """The value of a condition expression (Fn::Equals, Not, And, Or, Condition, Ref, Join)."""
    if isinstance(expression, dict) and len(expression) == 1:
      (function, argument), = expression.items()
      if function == "Fn::Equals":
        left, right = (self.evaluate(a) for a in argument)
        return str(left) == str(right)
      if function == "Fn::Not":
        return not self.evaluate(argument[0])
      if function == "Fn::And":
        return all(self.evaluate(a) for a in argument)
      if function == "Fn::Or":
        return any(self.evaluate(a) for a in argument)
      if function == "Condition":
        return self.condition(argument)
      if function == "Ref":
        return self.parameters[argument]
      if function == "Fn::Join":
        return argument[0].join(str(v) for v in self.evaluate(argument[1]))
      raise SystemExit("error: unsupported function in a condition: %s" % function)
    return expression

  def value(self, node):
    """The node as deployed: Fn::If taken, AWS::NoValue dropped, parameters substituted (and split)."""
    if isinstance(node, dict):
      if len(node) == 1 and "Fn::If" in node:
        name, when_true, when_false = node["Fn::If"]
        return self.value(when_true if self.condition(name) else when_false)
      if len(node) == 1 and "Ref" in node:
        if node["Ref"] == "AWS::NoValue":
          return _NO_VALUE
        if node["Ref"] in self.parameters:
          return self.parameters[node["Ref"]]
      if len(node) == 1 and "Fn::Split" in node:
        delimiter, source = (self.value(a) for a in node["Fn::Split"])
        if isinstance(source, str):
          return source.split(delimiter)
      resolved = {k: self.value(v) for k, v in node.items()}
      return {k: v for k, v in resolved.items() if v is not _NO_VALUE}
    if isinstance(node, list):
      return [v for v in (self.value(item) for item in node) if v is not _NO_VALUE]
    return node

  def deployed(self, translated):
    result = {k: v for k, v in translated.items() if k not in ("Conditions", "Resources", "Outputs")}
    for section in ("Resources", "Outputs"):
      kept = {}
      for logical_id, item in translated.get(section, {}).items():
        if "Condition" in item and not self.condition(item["Condition"]):
          continue
        kept[logical_id] = self.value({k: v for k, v in item.items() if k != "Condition"})
      result[section] = kept
    result["ResolvedConditions"] = {name: self.condition(name) for name in self.definitions}
    return result


def translate(text, given, unresolved=False):
  template = yaml_parse(text)
  parameters = parameter_values(template, given)
  package(template)
  translated = Translator(managed_policy_map={}, sam_parser=Parser()).translate(
      sam_template=template, parameter_values=dict(parameters), passthrough_metadata=True)
  translated = json.loads(json.dumps(translated, default=str))
  return translated if unresolved else Resolver(translated, parameters).deployed(translated)


def translate_or_error(text, given):
  """In a batch, one bad parameter set fails alone: {"Error": message}."""
  try:
    return translate(text, given)
  except SystemExit as e:
    return {"Error": str(e.code)}
  except Exception as e:  # samtranslator's InvalidDocumentException and the like
    return {"Error": "%s: %s" % (type(e).__name__, e)}


def main(arguments):
  if not arguments or arguments[0].startswith("-"):
    raise SystemExit(__doc__)
  path, rest = arguments[0], arguments[1:]
  # SAM's ARNs name a region; the translation does not otherwise depend on it.
  os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
  with open(path, encoding="utf-8") as source:
    text = source.read()
  if rest == ["--batch"]:
    output = [translate_or_error(text, given) for given in json.load(sys.stdin)]
  else:
    output = translate(text, dict(a.split("=", 1) for a in rest if a != "--unresolved"), "--unresolved" in rest)
  json.dump(output, sys.stdout, indent=1, sort_keys=True)
  sys.stdout.write("\n")


if __name__ == "__main__":
  main(sys.argv[1:])
