/* cli.c - the parts of wasmcc's command lines that every command shares. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h" /* read_whole_file */

void cli_usage_hint(const char *command) {
  fprintf(stderr, "(try 'wasmcc %s%s--help')\n", command ? command : "", command ? " " : "");
}

int cli_usage_error(const char *command, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "wasmcc: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  cli_usage_hint(command);
  return CLI_USAGE;
}

/* The option getopt just rejected: a long one as written (without any
 * "=VALUE"), a short one by its letter. */
static void rejected_option(char **argv, char *buf, size_t size) {
  const char *word = optind > 0 ? argv[optind - 1] : "";
  if (!strncmp(word, "--", 2)) snprintf(buf, size, "%.*s", (int)strcspn(word, "="), word);
  else snprintf(buf, size, "-%c", optopt);
}

int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
               const char *command) {
  opterr = 0;
  optopt = 0;
  int c = getopt_long(argc, argv, shortopts, longopts, NULL);
  if (c != '?' && c != ':') return c;
  char what[128];
  rejected_option(argv, what, sizeof what);
  const char *word = optind > 0 ? argv[optind - 1] : "";
  bool long_with_value = optopt && !strncmp(word, "--", 2) && strchr(word, '=');
  if (c == ':') cli_usage_error(command, "missing value for %s", what);
  else if (long_with_value) cli_usage_error(command, "option %s takes no value", what);
  else cli_usage_error(command, "unknown option %s", what);
  return '?';
}

const char *const cli_bounds_values[] = {"guard", "check", NULL};

int cli_choice(const char *option, const char *value, const char *const *allowed,
               const char *command) {
  for (int k = 0; allowed[k]; k++)
    if (!strcmp(value, allowed[k])) return k;
  fprintf(stderr, "wasmcc: bad value '%s' for %s (allowed:", value, option);
  for (int k = 0; allowed[k]; k++) fprintf(stderr, "%s %s", k ? "," : "", allowed[k]);
  fprintf(stderr, ")\n");
  cli_usage_hint(command);
  return -1;
}

/* WebAssembly text starts, after blanks, with '(' or a ';;' comment; a
 * binary module with its magic number. */
static bool looks_like_text_module(const uint8_t *bytes, size_t size) {
  static const uint8_t magic[4] = {0, 'a', 's', 'm'};
  if (size >= 4 && !memcmp(bytes, magic, 4)) return false;
  size_t k = 0;
  while (k < size && (bytes[k] == ' ' || bytes[k] == '\t' || bytes[k] == '\r' || bytes[k] == '\n')) k++;
  return k < size && (bytes[k] == '(' || (bytes[k] == ';' && k + 1 < size && bytes[k + 1] == ';'));
}

uint8_t *cli_read_module_file(const char *path, size_t *size) {
  uint8_t *bytes = read_whole_file(path, size);
  if (!bytes) {
    fprintf(stderr, "wasmcc: cannot read %s: %s\n", path, strerror(errno));
    return NULL;
  }
  if (looks_like_text_module(bytes, *size)) {
    fprintf(stderr,
            "wasmcc: %s is WebAssembly text (.wat), and wasmcc reads binary modules: "
            "convert it first, e.g. `wat2wasm %s -o MODULE.wasm` (wabt)\n",
            path, path);
    free(bytes);
    return NULL;
  }
  return bytes;
}

void cli_print_module_error(const Module *m, const char *path, const Error *err) {
  if (err->about_output) {
    fprintf(stderr, "wasmcc: %s\n", err->msg);
    return;
  }
  fprintf(stderr, "%s:0x%zx: ", path, err->offset);
  if (err->func >= 0) {
    uint32_t fi = (uint32_t)err->func;
    const char *name = (m && fi < m->nfuncs) ? m->funcs[fi].debug_name : NULL;
    if (name) fprintf(stderr, "in function %u (%s): ", fi, name);
    else fprintf(stderr, "in function %u: ", fi);
  }
  fprintf(stderr, "%s\n", err->msg);
}
