#!/usr/bin/env bash
# Runs `npm run bench -- backends` (cpu, wasm, webgpu) as it is on a machine with a real GPU: installs the node
# dependencies (npm ci) and the Vulkan loader when missing, points the loader at NVIDIA's Vulkan driver when a
# container mounted the driver without its ICD file, prints the Vulkan devices, then runs the bench.
# Usage: bench/device.sh [bench flags, e.g. --seconds 2 --backends wasm,webgpu]
set -euo pipefail
cd "$(dirname "$0")/.."

command -v node >/dev/null || { echo "device.sh: Node.js 20 or newer is needed" >&2; exit 1; }
if [ ! -d node_modules/webgpu ] || [ ! -d node_modules/@tensorflow/tfjs-backend-webgpu ]; then
  npm ci --no-audit --no-fund
fi

has_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }

# Dawn loads the Vulkan loader at run time (libvulkan.so.1); the GPU's driver provides the device behind it.
if ! has_lib 'libvulkan\.so\.1'; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "device.sh: installing the Vulkan loader (libvulkan1)" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libvulkan1; } >/dev/null
  else
    echo "device.sh: no libvulkan.so.1; install your distribution's Vulkan loader (libvulkan1)" >&2
  fi
fi

# NVIDIA's container runtime mounts libGLX_nvidia (which holds the Vulkan driver) but not always nvidia_icd.json.
if has_lib 'libGLX_nvidia\.so\.0' && ! compgen -G '/usr/share/vulkan/icd.d/nvidia_icd*.json' >/dev/null && ! compgen -G '/etc/vulkan/icd.d/nvidia_icd*.json' >/dev/null; then
  icd="$(mktemp -d)/nvidia_icd.json"
  printf '{"file_format_version":"1.0.0","ICD":{"library_path":"libGLX_nvidia.so.0","api_version":"1.3"}}\n' >"$icd"
  export VK_ADD_DRIVER_FILES="$icd"
  echo "device.sh: using NVIDIA's Vulkan driver through $icd" >&2
fi

command -v nvidia-smi >/dev/null && nvidia-smi -L || true
if command -v vulkaninfo >/dev/null; then vulkaninfo --summary 2>/dev/null | grep -E 'deviceName|driverInfo' || echo "device.sh: vulkaninfo finds no device" >&2; fi

npm run bench -- backends "$@"
