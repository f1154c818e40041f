#!/usr/bin/env bash
# Builds the repository's Dockerfile where no Docker engine runs and no image registry is reachable
# (this project's development machines and CI), with Debian's buildah, then starts the image and
# asks it for /api/health. The base image node:20-bookworm-slim cannot be pulled there, so a stand-in
# is made the way the official one is: Debian bookworm (debootstrap, minbase, docs and locales
# removed) with this machine's Node 20 and npm under /usr/local and the node user (uid 1000). Two
# differences, both in the stand-in only: Node's headers and npm_config_nodedir, since node-gyp
# cannot download them offline to build better-sqlite3, and the machine's CA bundle, for the npm
# registry. Where Docker runs, `docker build -t plan .` is all it takes (docs/deploy.md).
#
#   bash scripts/build-image-without-docker.sh        (as root; installs buildah and debootstrap)
#
# Prints the images' sizes; `node bin/run-ts.js bench/image-size.ts` then writes them to BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE=localhost/node-bookworm-slim-standin:20
IMAGE=localhost/plan:local
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! command -v buildah >/dev/null || ! command -v debootstrap >/dev/null; then
  bash scripts/apt-install.sh buildah buildah debootstrap
fi

if ! buildah images --quiet "$BASE" >/dev/null 2>&1; then
  echo "image: making the stand-in base $BASE (Debian bookworm and Node $(node --version))"
  root="$work/rootfs"
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >"$work/debootstrap.log"
  rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  find "$root/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
  node_dir=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
  mkdir -p "$root/usr/local/bin" "$root/usr/local/lib/node_modules" "$root/usr/local/include" "$root/etc/ssl/certs"
  cp "$(readlink -f "$(command -v node)")" "$root/usr/local/bin/node"
  cp -a "$node_dir/lib/node_modules/npm" "$node_dir/lib/node_modules/corepack" "$root/usr/local/lib/node_modules/"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  cp -a "$node_dir/include/node" "$root/usr/local/include/"
  cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  chroot "$root" groupadd --gid 1000 node
  chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  ctr=$(buildah from scratch)
  cp -a "$root/." "$(buildah mount "$ctr")/"
  buildah umount "$ctr" >/dev/null
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env npm_config_nodedir=/usr/local --env NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt --cmd node "$ctr"
  buildah commit --quiet "$ctr" "$BASE" >/dev/null
  buildah rm "$ctr" >/dev/null
fi

# A clean tree of HEAD, so only what is committed goes into the image (as a CI build would).
git worktree add --quiet --detach "$work/src" HEAD
trap 'git worktree remove --force "$work/src" 2>/dev/null; rm -rf "$work"' EXIT
echo "image: building $IMAGE from the Dockerfile (chroot isolation: no container runtime needed)"
(cd "$work/src" && buildah bud --quiet --layers --isolation chroot --build-arg NODE_IMAGE="$BASE" -t "$IMAGE" . >"$work/build.log") || {
  tail -40 "$work/build.log"
  exit 1
}

# The image as it runs: its user, its command, and /api/health from the server it starts. Local
# mode on loopback (the image's 0.0.0.0 is for tenant mode, which needs a tenant).
user=$(buildah inspect --format '{{.OCIv1.Config.User}}' "$IMAGE")
[ "$user" = node ] || { echo "image: runs as '$user', not node"; exit 1; }
port=$(node -e "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
ctr=$(buildah from "$IMAGE")
buildah run --isolation chroot --user node --env PLAN_HOST=127.0.0.1 --env PLAN_PORT="$port" "$ctr" -- node bin/plan.js serve --seed-samples >"$work/serve.log" 2>&1 &
served=$!
healthy=no
for _ in $(seq 1 100); do
  if node -e "fetch('http://127.0.0.1:$port/api/health').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"; then healthy=yes; break; fi
  sleep 0.2
done
kill "$served" 2>/dev/null || true
pkill -f "bin/plan.js serve --seed-samples" 2>/dev/null || true
wait "$served" 2>/dev/null || true
buildah rm "$ctr" >/dev/null
[ "$healthy" = yes ] || { echo "image: /api/health did not answer"; cat "$work/serve.log"; exit 1; }
echo "image: runs as node; /api/health answered 200"
for name in "$BASE" "$IMAGE"; do buildah images --format '{{.Name}}:{{.Tag}} {{.Size}}' "$name"; done
