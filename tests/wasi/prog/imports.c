/* imports.c - makes the test program import every function of
 * wasi_snapshot_preview1 (proc_raise comes from escape.c), so every run checks
 * that the host resolves all of them with the right signatures: the runner
 * refuses to start a module with an unresolved import. */
#include <wasi/api.h>

#include "check.h"

typedef void (*any_fn)(void);

static const volatile any_fn all_functions[] = {
    (any_fn)__wasi_args_get,
    (any_fn)__wasi_args_sizes_get,
    (any_fn)__wasi_clock_res_get,
    (any_fn)__wasi_clock_time_get,
    (any_fn)__wasi_environ_get,
    (any_fn)__wasi_environ_sizes_get,
    (any_fn)__wasi_fd_advise,
    (any_fn)__wasi_fd_allocate,
    (any_fn)__wasi_fd_close,
    (any_fn)__wasi_fd_datasync,
    (any_fn)__wasi_fd_fdstat_get,
    (any_fn)__wasi_fd_fdstat_set_flags,
    (any_fn)__wasi_fd_fdstat_set_rights,
    (any_fn)__wasi_fd_filestat_get,
    (any_fn)__wasi_fd_filestat_set_size,
    (any_fn)__wasi_fd_filestat_set_times,
    (any_fn)__wasi_fd_pread,
    (any_fn)__wasi_fd_prestat_dir_name,
    (any_fn)__wasi_fd_prestat_get,
    (any_fn)__wasi_fd_pwrite,
    (any_fn)__wasi_fd_read,
    (any_fn)__wasi_fd_readdir,
    (any_fn)__wasi_fd_renumber,
    (any_fn)__wasi_fd_seek,
    (any_fn)__wasi_fd_sync,
    (any_fn)__wasi_fd_tell,
    (any_fn)__wasi_fd_write,
    (any_fn)__wasi_path_create_directory,
    (any_fn)__wasi_path_filestat_get,
    (any_fn)__wasi_path_filestat_set_times,
    (any_fn)__wasi_path_link,
    (any_fn)__wasi_path_open,
    (any_fn)__wasi_path_readlink,
    (any_fn)__wasi_path_remove_directory,
    (any_fn)__wasi_path_rename,
    (any_fn)__wasi_path_symlink,
    (any_fn)__wasi_path_unlink_file,
    (any_fn)__wasi_poll_oneoff,
    (any_fn)__wasi_proc_exit,
    (any_fn)__wasi_random_get,
    (any_fn)__wasi_sched_yield,
    (any_fn)__wasi_sock_accept,
    (any_fn)__wasi_sock_recv,
    (any_fn)__wasi_sock_send,
    (any_fn)__wasi_sock_shutdown,
};

int case_imports(int argc, char **argv) {
  (void)argc;
  (void)argv;
  int n = 0;
  for (size_t i = 0; i < sizeof all_functions / sizeof all_functions[0]; i++)
    n += all_functions[i] != NULL;
  printf("%d WASI functions imported\n", n);
  return 0;
}
