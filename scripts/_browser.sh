# Sourced by scripts/test: the browser tests drive Debian's Chromium through Playwright for Python
# (Playwright's own browser download is not used), so install it when the machine lacks it.
chromium_bin="${KHUYENCONG_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium_bin" ]; then
  echo "installing Debian's chromium for the browser tests" >&2
  sudo_=""
  if [ "$(id -u)" != 0 ]; then sudo_="sudo"; fi
  $sudo_ apt-get install -y -q chromium >&2 \
    || { $sudo_ apt-get update -q >&2 && $sudo_ apt-get install -y -q chromium >&2; }
fi
export KHUYENCONG_CHROMIUM="$chromium_bin"
