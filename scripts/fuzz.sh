#!/usr/bin/env bash
# Fuzzes the core with cargo-fuzz (libFuzzer): installs what is missing (nightly, cargo-fuzz at
# the version scripts/versions.env pins), seeds empty corpora from the repository's fixtures,
# then runs each target in turn and prints how many inputs each executed.
#   scripts/fuzz.sh                      every target, FUZZ_SECONDS (default 600) each
#   scripts/fuzz.sh 60 token keys        the named targets, 60 seconds each
# Targets: token keys filter scenario cert fragment (fuzz/fuzz_targets/). Crashes land in
# fuzz/artifacts/<target>/; libFuzzer's output in fuzz/logs/<target>.log. CI does not run
# this; `cargo test` replays fuzz/regressions/ (see fuzz/README.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=versions.env
. "$root/scripts/versions.env"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '[fuzz] %s\n' "$*" >&2; }

all_targets=(token keys filter scenario cert fragment)
seconds=${FUZZ_SECONDS:-600}
if [[ ${1:-} =~ ^[0-9]+$ ]]; then
  seconds=$1
  shift
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $target "* ]] || { say "unknown target $target (known: ${all_targets[*]})"; exit 2; }
done

if ! rustup toolchain list | grep -q '^nightly'; then
  say "installing the nightly toolchain (cargo-fuzz needs it for the sanitizer flags)"
  rustup toolchain install nightly --profile minimal
fi
if [ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --force \
    || cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --force
fi

cd "$root/fuzz"
mkdir -p corpus logs

# Seeds are made from fixtures, not committed: an empty corpus directory is filled once.
seed() {
  python3 - "$root" "$1" "corpus/$1" <<'PY'
import base64, glob, json, os, re, sys
root, target, out = sys.argv[1:]
def files(*patterns):
    return sorted(f for p in patterns for f in glob.glob(os.path.join(root, p)))
def read(path):
    with open(path, "rb") as f:
        return f.read()
def der(pem):
    body = re.findall(rb"-----BEGIN [^-]+-----(.*?)-----END", pem, re.S)
    return [base64.b64decode(b"".join(b.split())) for b in body]
def cert_input(flags, leaf, inter, ca, crl=b""):
    out = bytes([flags])
    for part in (leaf, inter, ca):
        out += len(part).to_bytes(2, "big") + part
    return out + crl
tokens = [read(f) for f in files("tests/fixtures/tokens/*.jwt", "tests/fixtures/keys/tokens/*.jwt")]
for f in files("tests/fixtures/vectors/jose-cookbook/*.json"):
    compact = json.loads(read(f)).get("output", {}).get("compact")
    if compact:
        tokens.append(compact.encode())
scenarios = [read(f) for f in files("examples/scenarios/*.json")]
seeds = []
if target == "token":
    seeds = tokens + [b"Bearer " + t for t in tokens[:2]] + [b'Authorization: "' + tokens[0] + b'"']
elif target == "keys":
    seeds = [read(f) for f in files("tests/fixtures/keys/*.json", "tests/fixtures/keys/*.pem",
                                    "tests/fixtures/keys/*.b64url", "examples/keys/*.pem")]
    seeds += [read(f) for f in files("tests/fixtures/certs/root-ca.pem", "tests/fixtures/certs/client-ec.pem")]
    seeds.append(b'{"issuer":"https://issuer.example/","jwks_uri":"https://issuer.example/jwks"}')
elif target == "filter":
    filters = set()
    for s in scenarios:
        filters.update(re.findall(rb'"filter": *"((?:[^"\\]|\\.)*)"', s))
    filters.update([b"claims.sub.matches('^a+$')", b"claims.exp > 0 && size(claims.aud) < 3",
                    b"claims.groups.exists(g, g.startsWith('kafka'))", b"int(claims.iat) + 1 == 2"])
    seeds = [f + b"\0" + bytes(range(64)) for f in sorted(filters)]
elif target == "scenario":
    seeds = scenarios
elif target == "cert":
    certs = os.path.join(root, "tests/fixtures/certs")
    pem = lambda name: read(os.path.join(certs, name))
    seeds = [
        cert_input(0, pem("client-valid.pem"), pem("intermediate-ca.pem"), pem("root-ca.pem")),
        cert_input(1, der(pem("client-revoked.pem"))[0], der(pem("intermediate-ca.pem"))[0],
                   der(pem("root-ca.pem"))[0], read(os.path.join(certs, "intermediate-ca.crl.der"))),
        cert_input(3, pem("client-under-sub-ca-chain.pem"), b"", pem("ca-chain.pem"), pem("root-ca.crl.pem")),
        cert_input(1, pem("client-p521.pem"), pem("intermediate-p521.pem"), pem("root-ca.pem"),
                   pem("intermediate-p521.crl.pem")),
        cert_input(2, pem("client-ed25519.pem"), b"", pem("other-ca.pem")),
    ]
elif target == "fragment":
    seeds = [b"#token=" + tokens[0] + b"&now=1767225600", b"#token=Bearer%20" + tokens[1], b"#now=-1&x"]
    seeds += [b"#scenario=" + base64.urlsafe_b64encode(s).rstrip(b"=") for s in scenarios[:3]]
os.makedirs(out, exist_ok=True)
for i, data in enumerate(seeds):
    with open(os.path.join(out, "seed-%03d" % i), "wb") as f:
        f.write(data)
print(len(seeds))
PY
}

say "building the fuzz targets (cargo +nightly fuzz build)"
cargo +nightly fuzz build

status=0
summary=()
for target in "${targets[@]}"; do
  if [ -z "$(ls -A "corpus/$target" 2>/dev/null)" ]; then
    say "$target: seeded $(seed "$target") inputs from the fixtures"
  fi
  mkdir -p "regressions/$target"
  say "$target: fuzzing for $seconds s (log: fuzz/logs/$target.log)"
  # regressions/ is a second, read-only corpus: what once failed is where the search starts.
  if cargo +nightly fuzz run "$target" "corpus/$target" "regressions/$target" -- \
    -max_total_time="$seconds" -print_final_stats=1 -timeout=20 -rss_limit_mb=2048 \
    >"logs/$target.log" 2>&1; then
    result="no failure"
  else
    result="FAILED: $(grep -m1 -E '^(==[0-9]+== ?ERROR|thread .* panicked|SUMMARY)' "logs/$target.log" || echo 'see the log')"
    status=1
  fi
  executions=$(awk '/^stat::number_of_executed_units:/ { n = $NF } END { print n + 0 }' "logs/$target.log")
  summary+=("$(printf '%-9s %12s executions in %ss, %s' "$target" "$executions" "$seconds" "$result")")
done

printf '%s\n' "${summary[@]}"
exit "$status"
