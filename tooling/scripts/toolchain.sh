# shellcheck shell=bash
# Toolchain helpers shared by ./dev and .ci/run. Source this file; it defines functions only.
# Everything it downloads comes from the npm registry through the system npm.

TOOLCHAIN_NODE24_VERSION="24.22.3"
TOOLCHAIN_NODE22_VERSION="22.23.5"
TOOLCHAIN_PNPM_VERSION="12.4.2"
TOOLCHAIN_ROOT="${TOOLCHAIN_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
TOOLCHAIN_DIR="$TOOLCHAIN_ROOT/.toolchain"

toolchain_log() { printf '[toolchain] %s\n' "$*" >&2; }

# Registries behind a TLS-inspecting proxy are trusted through the system's CA store (Debian's
# bundle includes locally installed CAs). Node and npm ship their own CA list and ignore it, so
# point them at it when nothing else was configured (a fresh HOME has no ~/.npmrc).
if [ -z "${npm_config_cafile:-}" ] && [ -r /etc/ssl/certs/ca-certificates.crt ]; then
  export npm_config_cafile=/etc/ssl/certs/ca-certificates.crt
  export NODE_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
fi

# Installs one npm package into .toolchain/<folder> unless the wanted version is already there.
toolchain_npm_install() {
  local folder="$1" spec="$2" package_json="$3" wanted="$4"
  if [ -f "$package_json" ] && grep -q "\"version\": \"$wanted\"" "$package_json"; then
    return 0
  fi
  toolchain_log "installing $spec into .toolchain/$folder"
  mkdir -p "$TOOLCHAIN_DIR/$folder"
  # --foreground-scripts keeps pnpm's own install script (it links its native binary) visible.
  npm install --prefix "$TOOLCHAIN_DIR/$folder" --no-audit --no-fund --no-save --loglevel=error "$spec" >&2 || {
    toolchain_log "could not install $spec from the npm registry"
    return 1
  }
}

# Prints the bin folder of a pinned Node major (22 or 24), installing it when needed.
toolchain_node_bin() {
  local major="$1" version
  case "$major" in
    22) version="$TOOLCHAIN_NODE22_VERSION" ;;
    24) version="$TOOLCHAIN_NODE24_VERSION" ;;
    *) toolchain_log "unsupported Node major $major"; return 1 ;;
  esac
  local arch
  case "$(uname -m)" in
    x86_64) arch="x64" ;;
    aarch64 | arm64) arch="arm64" ;;
    *) toolchain_log "no Node package for $(uname -m)"; return 1 ;;
  esac
  local platform
  platform="$(uname -s | tr '[:upper:]' '[:lower:]')"
  local name="node-$platform-$arch"
  local folder="node$major"
  local package_dir="$TOOLCHAIN_DIR/$folder/node_modules/$name"
  toolchain_npm_install "$folder" "$name@$version" "$package_dir/package.json" "$version" || return 1
  printf '%s\n' "$package_dir/bin"
}

toolchain_pnpm_bin() {
  local package_dir="$TOOLCHAIN_DIR/pnpm/node_modules/pnpm"
  toolchain_npm_install pnpm "pnpm@$TOOLCHAIN_PNPM_VERSION" "$package_dir/package.json" "$TOOLCHAIN_PNPM_VERSION" || return 1
  printf '%s\n' "$TOOLCHAIN_DIR/pnpm/node_modules/.bin"
}

# Puts a Node >= 22 and pnpm 12.4.2 first on PATH. Uses the system ones when they already fit.
#   toolchain_activate 24   prefer the system Node when it is >= 22, else the pinned Node 24
#   toolchain_activate 22 --exact   always the pinned Node 22 (CI's second run)
toolchain_activate() {
  local major="$1" exact="${2:-}"
  local system_major=0
  if command -v node >/dev/null 2>&1; then
    system_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  fi
  if [ "$exact" = "--exact" ] || [ "$system_major" -lt 22 ]; then
    local node_bin
    node_bin="$(toolchain_node_bin "$major")" || return 1
    export PATH="$node_bin:$PATH"
  fi
  if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$TOOLCHAIN_PNPM_VERSION" ]; then
    local pnpm_bin
    pnpm_bin="$(toolchain_pnpm_bin)" || return 1
    export PATH="$pnpm_bin:$PATH"
  fi
  # pnpm must not try to download a Node of its own; the one on PATH is the one to use.
  export npm_config_manage_package_manager_versions=false
  toolchain_log "node $(node --version), pnpm $(pnpm --version)"
}

# Installs the workspace's dependencies when the lockfile changed since the last install.
toolchain_install_dependencies() {
  local stamp="$TOOLCHAIN_ROOT/node_modules/.modules.yaml"
  if [ -f "$stamp" ] && [ "$stamp" -nt "$TOOLCHAIN_ROOT/pnpm-lock.yaml" ] && [ -z "${CI:-}" ]; then
    return 0
  fi
  (cd "$TOOLCHAIN_ROOT" && pnpm install --frozen-lockfile --reporter=append-only >&2)
}

# Nothing here may phone home: turbo's telemetry is off for every command.
export TURBO_TELEMETRY_DISABLED=1
export DO_NOT_TRACK=1
