# What `sam build` runs for each function (Metadata: BuildMethod: makefile), included by the Makefile in the
# function's module directory, which sets MODULE (its path from the repository root) and PACKAGE (the zip
# its Maven build writes to target/).
#
# SAM copies the function's CodeUri (the module directory) to a scratch directory and runs, there,
#   make --makefile <CodeUri>/Makefile build-<LogicalId>   with ARTIFACTS_DIR set.
# The copy lacks the parent pom and the shared module, so the build runs in the repository this Makefile
# lives in (found from the Makefile's own path, which SAM passes absolute), never in the working directory.
# The artifact is the package Maven builds (the one ./replay and ./benchmark run), unpacked as Lambda's Java
# runtime loads it: classes at the root of ARTIFACTS_DIR, runtime dependencies in lib/.
#
# Extra Maven options (e.g. -o for offline) go in MAVEN_ARGS, which Maven 3.9 reads.

SHELL := /bin/bash
ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)

.PHONY: sam-function
sam-function:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set: sam build sets it" >&2; exit 2; }
	set -euo pipefail; \
	  source "$(ROOT)/build/env.sh"; select_jdk25; \
	  cd "$(ROOT)" && MAVEN_OPTS="$${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
	    ./mvnw -B -ntp -q -pl "$(MODULE)" -am -Dmaven.test.skip=true package; \
	  mkdir -p "$(abspath $(ARTIFACTS_DIR))"; \
	  cd "$(abspath $(ARTIFACTS_DIR))" && "$$JAVA_HOME/bin/jar" xf "$(ROOT)/$(MODULE)/target/$(PACKAGE)"
