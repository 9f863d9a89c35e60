// Linked into the release binary by Scripts/package.sh (with -Wl,--wrap=arc4random,--wrap=hypot,--wrap=hypotf) so
// that it runs on glibc 2.34, the glibc of Amazon Linux 2023 and so of AWS CloudShell, although it is built on
// Debian 12 (glibc 2.36). Only three symbols need a newer glibc than 2.34 (Scripts/check-linkage.sh checks that):
//
// - arc4random (GLIBC_2.36), used by libstdc++'s std::random_device (linked in statically): the same 32 random
//   bits read with getrandom(2), in glibc since 2.25;
// - hypot and hypotf (GLIBC_2.35 on x86_64, a new version that only changed how errors are reported), used by
//   Foundation's CGFloat and swift-numerics: bound to the version every glibc has.
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>

uint32_t __wrap_arc4random(void) {
    uint32_t value;
    size_t filled = 0;
    while (filled < sizeof value) {
        ssize_t n = getrandom((char *)&value + filled, sizeof value - filled, 0);
        if (n > 0) {
            filled += (size_t)n;
        } else if (n < 0 && errno != EINTR) {
            abort();  // as glibc's arc4random does when no randomness can be had
        }
    }
    return value;
}

#if defined(__x86_64__)
__asm__(".symver hypot_2_2_5, hypot@GLIBC_2.2.5");
__asm__(".symver hypotf_2_2_5, hypotf@GLIBC_2.2.5");
#elif defined(__aarch64__)
__asm__(".symver hypot_2_2_5, hypot@GLIBC_2.17");
__asm__(".symver hypotf_2_2_5, hypotf@GLIBC_2.17");
#endif
double hypot_2_2_5(double x, double y);
float hypotf_2_2_5(float x, float y);

double __wrap_hypot(double x, double y) { return hypot_2_2_5(x, y); }
float __wrap_hypotf(float x, float y) { return hypotf_2_2_5(x, y); }
