/* wasi_options.c - what a built program gives its guest besides argv: the
 * preopens and environment fixed when it was built (wasmrt_wasi_setup, from
 * `wasmcc build --dir/--env/--inherit-env`), extended when it runs by the
 * environment variable WASMCC_RUN_OPTIONS.
 *
 * The program's own command line belongs to the guest, as a native program's
 * does, so run-time options cannot come from argv. The variable holds the same
 * options as `wasmcc build`, split into words like a shell does (blanks
 * separate words; '...' and "..." quote; a backslash escapes one character):
 *   WASMCC_RUN_OPTIONS="--dir /tmp::/tmp --env 'GREETING=hello world'"
 * Preopens are the setup's, then the variable's. The environment is the host's
 * (when either asks to inherit it; the variable itself is left out), then the
 * setup's, then the variable's, a later KEY= replacing an earlier one.
 */
#include "wasmrt_wasi.h" /* first: wasmrt.h enables the POSIX declarations it needs */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static const char allowed_options[] = "--dir HOST[::GUEST], --env KEY=VALUE, --inherit-env";

/* The variable's options; the strings point into `words`. */
typedef struct run_options {
  char **words; /* owned, each malloc'ed */
  int nwords;
  wasmrt_wasi_preopen *preopens;
  int npreopens;
  const char **env;
  int nenv;
  int inherit_env;
} run_options;

static void run_options_free(run_options *ro) {
  for (int k = 0; k < ro->nwords; k++) free(ro->words[k]);
  free(ro->words);
  free(ro->preopens);
  free(ro->env);
}

/* ----------------------------------------------------------- the words */

/* Copy the next word of *s (after blanks) to out, advancing *s. Returns 1 for
 * a word, 0 at the end, -1 for an unterminated quote. */
static int next_word(const char **s, char *out) {
  const char *p = *s + strspn(*s, " \t\n");
  if (!*p) return 0;
  char quote = 0;
  for (; *p && (quote || !strchr(" \t\n", *p)); p++) {
    if (quote && *p == quote) quote = 0;
    else if (!quote && (*p == '\'' || *p == '"')) quote = *p;
    else if (*p == '\\' && quote != '\'' && p[1]) *out++ = *++p;
    else *out++ = *p;
  }
  *out = '\0';
  *s = p;
  return quote ? -1 : 1;
}

/* Split text into ro->words; returns 0, or -1 for an unterminated quote or
 * when memory runs out (errno ENOMEM). */
static int split_words(run_options *ro, const char *text) {
  size_t len = strlen(text);
  ro->words = calloc(len / 2 + 2, sizeof *ro->words); /* a word and a blank per two bytes */
  if (!ro->words) return -1;
  for (const char *s = text;;) {
    char *word = malloc(len + 1);
    if (!word) return -1;
    int r = next_word(&s, word);
    if (r <= 0) {
      free(word);
      if (r < 0) errno = EINVAL;
      return r;
    }
    ro->words[ro->nwords++] = word;
  }
}

/* ---------------------------------------------------------- the options */

/* Split "HOST::GUEST" in place; a lone HOST is also its guest name. */
static void parse_dir(char *arg, wasmrt_wasi_preopen *p) {
  char *sep = strstr(arg, "::");
  p->host_path = arg;
  p->guest_path = arg;
  if (sep) {
    *sep = '\0';
    p->guest_path = sep + 2;
  }
}

/* "--dir X" or "--dir=X": the value, advancing *i past it; NULL when the word
 * is not this option; "" when the value is missing. */
static char *option_value(const char *name, char **words, int n, int *i) {
  size_t len = strlen(name);
  char *a = words[*i];
  if (strncmp(a, name, len) != 0) return NULL;
  if (a[len] == '=') return a + len + 1;
  if (a[len] != '\0') return NULL;
  return *i + 1 < n ? words[++*i] : (char *)"";
}

static int option_error(const char *prog, const char *what, const char *arg) {
  fprintf(stderr, "%s: " WASMRT_WASI_RUN_OPTIONS ": %s%s (allowed: %s)\n", prog, what, arg,
          allowed_options);
  return -1;
}

static int parse_words(run_options *ro, const char *prog) {
  ro->preopens = calloc((size_t)ro->nwords + 1, sizeof *ro->preopens);
  ro->env = calloc((size_t)ro->nwords + 1, sizeof *ro->env);
  if (!ro->preopens || !ro->env) return -1;
  for (int i = 0; i < ro->nwords; i++) {
    char *a = ro->words[i], *v;
    if (!strcmp(a, "--inherit-env")) {
      ro->inherit_env = 1;
    } else if ((v = option_value("--dir", ro->words, ro->nwords, &i))) {
      if (!*v) return option_error(prog, "missing value for ", a);
      parse_dir(v, &ro->preopens[ro->npreopens++]);
    } else if ((v = option_value("--env", ro->words, ro->nwords, &i))) {
      if (!strchr(v, '=') || v[0] == '=') return option_error(prog, "--env needs KEY=VALUE, not ", v);
      ro->env[ro->nenv++] = v;
    } else {
      return option_error(prog, "unknown option ", a);
    }
  }
  return 0;
}

/* ------------------------------------------------------------- merging */

/* env holds n entries; a later KEY= replaces an earlier one. */
static void add_env(const char **env, int *n, const char *kv) {
  size_t key_len = strcspn(kv, "=") + 1;
  for (int k = 0; k < *n; k++) {
    if (!strncmp(env[k], kv, key_len)) {
      env[k] = kv;
      return;
    }
  }
  env[(*n)++] = kv;
}

static int is_run_options_variable(const char *kv) {
  static const char name[] = WASMRT_WASI_RUN_OPTIONS "=";
  return !strncmp(kv, name, sizeof name - 1);
}

/* Why the host could not be made: name the directory that does not open. */
static void report_failure(const char *prog, const wasmrt_wasi_preopen *preopens, int n, int err) {
  for (int k = 0; k < n; k++) {
    int fd = open(preopens[k].host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
      close(fd);
      continue;
    }
    fprintf(stderr, "%s: cannot set up WASI: directory %s (for %s): %s\n", prog, preopens[k].host_path,
            preopens[k].guest_path, strerror(errno));
    return;
  }
  fprintf(stderr, "%s: cannot set up WASI: %s\n", prog, strerror(err));
}

/* Build cfg from the setup and the variable's options, then make the host
 * (which copies what it needs); NULL after a message. */
static wasmrt_wasi *new_from(const wasmrt_wasi_setup *setup, const run_options *ro, int argc,
                             const char *const *argv, const char *prog) {
  size_t nenviron = 0;
  while (environ[nenviron]) nenviron++;
  wasmrt_wasi_preopen *preopens = calloc((size_t)(setup->npreopens + ro->npreopens) + 1, sizeof *preopens);
  const char **env = calloc(nenviron + (size_t)(setup->envc + ro->nenv) + 1, sizeof *env);
  wasmrt_wasi *w = NULL;
  if (preopens && env) {
    int npre = 0, nenv = 0;
    for (int k = 0; k < setup->npreopens; k++) preopens[npre++] = setup->preopens[k];
    for (int k = 0; k < ro->npreopens; k++) preopens[npre++] = ro->preopens[k];
    if (setup->inherit_env || ro->inherit_env)
      for (size_t k = 0; k < nenviron; k++)
        if (!is_run_options_variable(environ[k])) add_env(env, &nenv, environ[k]);
    for (int k = 0; k < setup->envc; k++) add_env(env, &nenv, setup->envp[k]);
    for (int k = 0; k < ro->nenv; k++) add_env(env, &nenv, ro->env[k]);
    wasmrt_wasi_config cfg = wasmrt_wasi_config_default();
    cfg.argc = argc, cfg.argv = argv;
    cfg.npreopens = npre, cfg.preopens = preopens;
    cfg.envc = nenv, cfg.envp = env;
    w = wasmrt_wasi_new(&cfg);
    if (!w) report_failure(prog, preopens, npre, errno);
  } else {
    fprintf(stderr, "%s: out of memory\n", prog);
  }
  free(preopens);
  free(env);
  return w;
}

wasmrt_wasi *wasmrt_wasi_new_program(const wasmrt_wasi_setup *setup, int argc,
                                     const char *const *argv, int *status) {
  static const wasmrt_wasi_setup none;
  const char *prog = argc > 0 ? argv[0] : "program";
  const char *text = getenv(WASMRT_WASI_RUN_OPTIONS);
  run_options ro = {0};
  wasmrt_wasi *w = NULL;
  *status = 1;
  if (split_words(&ro, text ? text : "") != 0) {
    if (errno == EINVAL) fprintf(stderr, "%s: " WASMRT_WASI_RUN_OPTIONS ": unterminated quote\n", prog);
    else fprintf(stderr, "%s: out of memory\n", prog);
    *status = errno == EINVAL ? 2 : 1;
  } else if (parse_words(&ro, prog) != 0) {
    if (ro.preopens && ro.env) *status = 2;
    else fprintf(stderr, "%s: out of memory\n", prog);
  } else {
    w = new_from(setup ? setup : &none, &ro, argc, argv, prog);
  }
  run_options_free(&ro);
  return w;
}
