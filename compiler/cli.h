/* cli.h - what every wasmcc command line shares: getopt_long with wasmcc's
 * messages, option values from a fixed set, reading an input module, and
 * reports of errors in it. */
#ifndef WASMCC_CLI_H
#define WASMCC_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "module.h"

enum { CLI_OK = 0, CLI_BAD_INPUT = 1, CLI_USAGE = 2 };

/* getopt_long without getopt's own messages. Returns the option's value, -1
 * after the last option, or '?' after printing "wasmcc: unknown option X" or
 * "wasmcc: missing value for X" and the usage hint of command (NULL: the
 * translator). shortopts must start with ':' (after a '+' when parsing stops
 * at the first operand). Set optind = 0 before a fresh parse. */
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts,
               const char *command);

/* "(try 'wasmcc --help')" or "(try 'wasmcc build --help')" on stderr. */
void cli_usage_hint(const char *command);

/* Prints "wasmcc: " and the message, then the usage hint; returns CLI_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The index of value in allowed (NULL-terminated), or -1 after
 * "wasmcc: bad value 'V' for OPTION (allowed: A, B)". */
int cli_choice(const char *option, const char *value, const char *const *allowed,
               const char *command);

/* The values of --bounds, in the order of EmitOptions.bounds (0 guard, 1 check). */
extern const char *const cli_bounds_values[];

/* The whole input module, or NULL after "wasmcc: cannot read PATH: ERROR".
 * A text module (.wat) is refused with a hint to convert it with wat2wasm. */
uint8_t *cli_read_module_file(const char *path, size_t *size);

/* An error of read_module, validate_module or emit_module: errors about
 * outputs as "wasmcc: MESSAGE", errors in the input as
 * "PATH:0xOFFSET: [in function N (NAME): ]MESSAGE". */
void cli_print_module_error(const Module *m, const char *path, const Error *err);

#endif
