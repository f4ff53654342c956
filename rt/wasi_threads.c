/* wasi_threads.c - wasi-threads for WASI commands: the `wasi` `thread-spawn`
 * import and the shared memory "env"."memory" such modules import.
 *
 * thread-spawn(start_arg) instantiates the same module again on a new
 * pthread, with the same imports (the one shared memory, the one WASI
 * context, this spawner), and calls its export wasi_thread_start(tid,
 * start_arg). Each instance has its own globals, so its own __stack_pointer
 * (the guest's thread library puts the thread's stack in start_arg); data
 * segments are passive in such modules and initialised once by the start
 * function wasm-ld generates.
 *
 * Ending the program: a trap or proc_exit in any thread, or _start returning
 * once a thread was spawned, ends the whole process through end_program:
 * the first thread to get there prints the trap message, flushes stdio and
 * calls _exit(status); any other thread arriving later blocks forever. Other
 * threads are thus never joined: they may be inside wasm, holding locks or
 * waiting, and the process exit is the only way to stop them that cannot
 * hang (wasmtime does the same). Instances and the memory are not freed for
 * the same reason: a running thread may still use them.
 */
#include "wasi_internal.h" /* first: wasmrt.h enables the POSIX declarations it needs */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_TRAP 134
#define THREAD_STACK_BYTES (8u << 20) /* as a main thread's usual limit */
#define MAX_TID 0x1FFFFFFF

struct wasi_threads {
  const wasmrt_module *mod;
  wasmrt_wasi *wasi;
  wasmrt_extern *imports;   /* the main instance's, shared by every thread */
  wasmrt_memory memory;     /* "env"."memory" when the module imports it */
  int has_memory;
  wasmrt_functype spawn_type;
  wasmrt_funcref spawn;
  int next_tid;             /* atomic */
  int spawned;              /* atomic: a thread was started */
  pthread_mutex_t ending;   /* held by the thread that ends the program */
};

static const wasmrt_valtype spawn_sig[] = {WASMRT_I32, WASMRT_I32};

/* ------------------------------------------------------ ending the program */

/* Never returns: the first caller exits the process, later ones wait for it. */
static void end_program(wasi_threads *t, int status) {
  pthread_mutex_lock(&t->ending);
  fflush(NULL);
  _exit(status);
}

int wasi_threads_trap_status(wasmrt_wasi *w, const wasmrt_module *mod, wasmrt_trap_frame *f) {
  uint32_t code;
  if (f->code == WASMRT_TRAP_HOST && wasmrt_wasi_exited(w, &code)) return (int)code;
  char what[512];
  wasmrt_trap_describe(what, sizeof what, f, mod);
  fprintf(stderr, "wasm trap: %s\n", what);
  return EXIT_TRAP;
}

void wasi_threads_finish(wasi_threads *t, int status) {
  if (t && __atomic_load_n(&t->spawned, __ATOMIC_SEQ_CST)) end_program(t, status);
}

/* ------------------------------------------------------------ a thread */

typedef struct thread_start {
  wasi_threads *t;
  int tid;
  uint32_t arg;
} thread_start;

/* Instantiate and call wasi_thread_start(tid, arg); returns normally only
 * when the thread function returns. */
static void run_thread(wasi_threads *t, int tid, uint32_t arg) {
  void *inst = calloc(1, t->mod->instance_size);
  if (!inst) {
    fprintf(stderr, "%s: out of memory for thread %d\n", t->mod->name, tid);
    end_program(t, EXIT_TRAP);
  }
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    t->mod->instantiate(inst, t->imports);
    wasmrt_extern start;
    if (wasmrt_export_find(t->mod, inst, "wasi_thread_start", &start) != 0 ||
        start.kind != WASMRT_EXTERN_FUNC) {
      wasmrt_trap_leave(&f);
      fprintf(stderr, "%s: no wasi_thread_start function exported\n", t->mod->name);
      end_program(t, 1);
    }
    ((void (*)(void *, uint32_t, uint32_t))start.u.func->fn)(start.u.func->env, (uint32_t)tid,
                                                              arg);
    wasmrt_trap_leave(&f);
  } else {
    end_program(t, wasi_threads_trap_status(t->wasi, t->mod, &f));
  }
  /* Not freed: instantiate may have published its funcrefs in shared state,
   * and freeing is only safe when no other thread can run. Threads are few. */
}

static void *thread_main(void *p) {
  thread_start s = *(thread_start *)p;
  free(p);
  run_thread(s.t, s.tid, s.arg);
  return NULL;
}

/* thread-spawn: (param i32 start_arg) (result i32): a tid, or -errno. */
static uint32_t wasi_thread_spawn(void *env, uint32_t arg) {
  wasi_threads *t = env;
  int tid = __atomic_add_fetch(&t->next_tid, 1, __ATOMIC_SEQ_CST);
  if (tid > MAX_TID) return (uint32_t)-WASI_EAGAIN;
  thread_start *s = malloc(sizeof *s);
  if (!s) return (uint32_t)-WASI_ENOMEM;
  *s = (thread_start){t, tid, arg};
  pthread_attr_t attr;
  pthread_t thread;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, THREAD_STACK_BYTES);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  __atomic_store_n(&t->spawned, 1, __ATOMIC_SEQ_CST); /* before the thread can end things */
  int err = pthread_create(&thread, &attr, thread_main, s);
  pthread_attr_destroy(&attr);
  if (err) {
    free(s);
    return (uint32_t)-WASI_EAGAIN;
  }
  return (uint32_t)tid;
}

/* ------------------------------------------------------------ imports */

static int name_is(const char *want, const char *name, uint32_t len) {
  if (len == 0) len = (uint32_t)strlen(name);
  return strlen(want) == len && memcmp(want, name, len) == 0;
}

static const char *make_memory(wasi_threads *t, const wasmrt_import_desc *imp, char *why,
                               size_t why_size) {
  if (t->has_memory) return "only one memory import is supported";
  wasmrt_memory_desc d = {.initial = imp->min, .maximum = imp->max,
                          .has_maximum = imp->has_max, .is64 = imp->is64, .shared = imp->shared};
  if (wasmrt_memory_create(&t->memory, &d, imp->bounds_checked, why, why_size) != WASMRT_MEMORY_OK)
    return "cannot create the memory";
  t->has_memory = 1;
  wasmrt_wasi_set_memory(t->wasi, &t->memory);
  return NULL;
}

static const char *resolve_one(wasi_threads *t, const wasmrt_import_desc *imp,
                               wasmrt_extern *ext, char *why, size_t why_size) {
  wasmrt_extern candidate;
  if (imp->kind == WASMRT_EXTERN_MEMORY && name_is("env", imp->module, imp->module_len) &&
      name_is("memory", imp->name, imp->name_len)) {
    const char *err = make_memory(t, imp, why, why_size);
    if (err) return err;
    candidate = (wasmrt_extern){.kind = WASMRT_EXTERN_MEMORY, .u.memory = &t->memory};
  } else if (name_is("wasi", imp->module, imp->module_len) &&
             name_is("thread-spawn", imp->name, imp->name_len)) {
    candidate = (wasmrt_extern){.kind = WASMRT_EXTERN_FUNC, .u.func = &t->spawn};
  } else {
    return NULL; /* not ours: left for the WASI resolver */
  }
  const char *err = wasmrt_import_check(imp, &candidate, why, why_size);
  if (err) return err;
  *ext = candidate;
  return NULL;
}

wasi_threads *wasi_threads_new(const wasmrt_module *mod, wasmrt_wasi *w, wasmrt_extern *imports) {
  wasi_threads *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  t->mod = mod;
  t->wasi = w;
  t->imports = imports;
  t->spawn_type = (wasmrt_functype){.nparams = 1, .nresults = 1, .types = spawn_sig};
  t->spawn = (wasmrt_funcref){&t->spawn_type, (void (*)(void))wasi_thread_spawn, t, NULL, NULL};
  pthread_mutex_init(&t->ending, NULL);
  return t;
}

int wasi_threads_resolve(wasi_threads *t, char *why, size_t why_size) {
  for (uint32_t i = 0; i < t->mod->nimports; i++) {
    const wasmrt_import_desc *imp = &t->mod->imports[i];
    char detail[160] = "";
    const char *err = resolve_one(t, imp, &t->imports[i], detail, sizeof detail);
    if (!err) continue;
    snprintf(why, why_size, "import %s.%s: %s%s%s", imp->module, imp->name, err,
             detail[0] ? ": " : "", detail);
    return -1;
  }
  return 0;
}

/* Only when no thread ever ran (else the process ends in end_program). */
void wasi_threads_free(wasi_threads *t) {
  if (!t) return;
  if (t->has_memory) wasmrt_memory_free(&t->memory);
  pthread_mutex_destroy(&t->ending);
  free(t);
}
