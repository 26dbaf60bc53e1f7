# Sourced by ./run-tests, ./replay and .ci/run: selects a JDK 25 and checks the Python tools.

select_jdk25() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 /usr/lib/jvm/java-25-openjdk-amd64; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] \
        && "$candidate/bin/java" -version 2>&1 | grep -Eq 'version "(2[5-9]|[3-9][0-9])'; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "error: JDK 25 or newer is required (set JAVA_HOME). Lambda's java25 runtime is what the functions target." >&2
  return 1
}

check_python_tools() {
  local missing=()
  python3 -c 'import moto, flask' 2>/dev/null || missing+=('moto[server]==5.2.1')
  command -v cfn-lint >/dev/null 2>&1 || missing+=('cfn-lint==1.51.0')
  # TranslatedTemplateTest runs AWS's SAM translator (it comes with cfn-lint) in this python3.
  python3 -c 'import samtranslator' 2>/dev/null || missing+=('aws-sam-translator==1.110.0')
  if [ ${#missing[@]} -gt 0 ]; then
    echo "error: missing Python tools. Install them with: pip install ${missing[*]}" >&2
    return 1
  fi
}
