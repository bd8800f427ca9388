# LetsCode: `make run` starts the embedded service on 127.0.0.1:8080; `make test` runs everything CI checks.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export MSBUILDDISABLENODEREUSE := 1

.PHONY: setup build test run cluster-local bench images clean

setup:
	@bash scripts/setup.sh

build: setup
	$(DOTNET) build LetsCode.sln -c $(CONFIG) -nologo -v q
	$(DOTNET) publish judge/LetsCode.Runner -c $(CONFIG) -nologo -v q -o artifacts/runner
	ln -sf runner/letscode-runner artifacts/letscode-runner
	$(DOTNET) publish operator/LetsCode.Operator -c $(CONFIG) -nologo -v q -o artifacts/operator
	ln -sf operator/letscode-operator artifacts/letscode-operator
	$(DOTNET) publish api/LetsCode.Server -c $(CONFIG) -nologo -v q -o artifacts/server
	ln -sf server/letscode-server artifacts/letscode-server

test: build
	bash scripts/test.sh

# The service (api/LetsCode.Server) in embedded mode: SQLite under ./data, in-process queue and sandboxed judge, on
# http://127.0.0.1:8080. The same binary runs cluster mode with Mode=Cluster (docs/cluster-mode.md).
# Override with e.g. `make run LETSCODE_URLS=http://127.0.0.1:9090`; settings via LetsCode__* environment variables.
LETSCODE_URLS ?= http://127.0.0.1:8080
run: build
	exec $(DOTNET) api/LetsCode.Server/bin/$(CONFIG)/net10.0/letscode-server.dll --urls $(LETSCODE_URLS)

# Cluster mode on this machine: Redis, PostgreSQL, the Kubernetes API server simulator (its pods exec the local
# runner), the operator and the server in Mode=Cluster on http://127.0.0.1:8080 (docs/cluster-mode.md).
cluster-local: build
	bash scripts/cluster-local.sh

bench: build
	@echo "see docs/benchmarks.md for the benchmark commands"

# The chart's container images (docs/images.md): `make images [REGISTRY=registry.example/letscode] [TAG=1.0.0] [PUSH=1]`.
# Needs docker, podman or buildah; the defaults are the chart's image.registry and appVersion.
images:
	REGISTRY="$(REGISTRY)" TAG="$(TAG)" bash scripts/build-images.sh $(if $(PUSH),--push)

clean:
	rm -rf artifacts */*/bin */*/obj
