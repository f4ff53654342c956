/* buf_printf formats the emitter's conversions by hand (emit_buf.c): its
 * text must be what vsnprintf writes, for every conversion it handles and
 * for the ones it hands to vsnprintf. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "emit_internal.h"

/* emit_buf.c asks the prelude which sections flushed text needs; no file here */
uint32_t prelude_uses(const char *text, size_t n) {
  (void)text, (void)n;
  return 0;
}

static int failures;

static void check(const char *fmt, ...) EMIT_PRINTF(1, 2);
static void check(const char *fmt, ...) {
  char want[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(want, sizeof want, fmt, ap);
  va_end(ap);
  Buf b = {0};
  buf_puts(&b, "<"); /* text already there stays */
  va_start(ap, fmt);
  buf_vprintf(&b, fmt, ap);
  va_end(ap);
  if (b.failed || strncmp(b.data, "<", 1) || strcmp(b.data + 1, want) || b.len != strlen(want) + 1) {
    printf("FAIL %s: got \"%s\", want \"<%s\"\n", fmt, b.data ? b.data : "(null)", want);
    failures++;
  }
  buf_free(&b);
}

int main(void) {
  check("plain text, no conversions");
  check("%s = %s;", "i0", "l1 + 2u");
  check("%u %u %u", 0u, 7u, 4294967295u);
  check("%d %d %d", 0, -1, (int)-2147483647 - 1);
  check("%c%u", 'j', 12u);
  check("%.40s|%.*s|%.3s", "0123456789012345678901234567890123456789xyz", 2, "abcdef", "ab");
  check("%" PRIu64 "u %" PRIX64 " %" PRIx64, UINT64_MAX, UINT64_C(0xDEADBEEF00), UINT64_C(0xabc));
  check("%lu %ld %lld %llu %zu", 123456789ul, -5l, -9223372036854775807ll - 1, 18446744073709551615ull,
        (size_t)42);
  check("%x %X %x", 0u, 0xabcdefu, 255u);
  check("100%% %s%%", "sure");
  /* handed to vsnprintf */
  check("%a %af", 1.5, (double)0.25f);
  check("\\%03o|%02x|%5u|%-3s|", 7u, 10u, 42u, "a");
  check("%s then %a", "text before a fallback", -2.0);
  /* long text grows the buffer */
  char big[300];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = 0;
  check("%s%s%u", big, big, 99u);
  /* str_numbered and str_put_uint write NUL-terminated names */
  char name[24];
  str_numbered(name, "l", 4294967295u);
  if (strcmp(name, "l4294967295")) printf("FAIL str_numbered: %s\n", name), failures++;
  str_put_uint(name, UINT64_MAX, 16, true);
  if (strcmp(name, "FFFFFFFFFFFFFFFF")) printf("FAIL str_put_uint: %s\n", name), failures++;
  if (failures) return 1;
  printf("emit_buf: all formats match vsnprintf\n");
  return 0;
}
