/* wc.c - count lines, words and bytes of files, like wc(1). A WASI command:
 * it can open only the directories given to it, when it is built or run:
 *     wasmcc build --dir HOSTDIR::/data wc.wasm -o wc && ./wc /data/FILE...
 *     WASMCC_RUN_OPTIONS="--dir OTHERDIR::/other" ./wc /other/FILE...
 * Prints "lines words bytes name" per file, and a total for several files. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

typedef struct Counts {
  unsigned long lines, words, bytes;
} Counts;

static Counts count_stream(FILE *f) {
  Counts c = {0, 0, 0};
  int ch, in_word = 0;
  while ((ch = getc(f)) != EOF) {
    c.bytes++;
    if (ch == '\n') c.lines++;
    if (isspace(ch)) {
      in_word = 0;
    } else if (!in_word) {
      in_word = 1;
      c.words++;
    }
  }
  return c;
}

static void print_counts(const Counts *c, const char *name) {
  printf("%7lu %7lu %7lu %s\n", c->lines, c->words, c->bytes, name);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: wc FILE... (files under a directory given with wasmcc build --dir)\n");
    return 2;
  }
  Counts total = {0, 0, 0};
  int status = 0;
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "r");
    if (!f) {
      fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    Counts c = count_stream(f);
    fclose(f);
    print_counts(&c, argv[i]);
    total.lines += c.lines, total.words += c.words, total.bytes += c.bytes;
  }
  if (argc > 2) print_counts(&total, "total");
  return status;
}
