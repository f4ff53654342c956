/* main.c - a firmware host for the dsp module: everything static (instance,
 * memory arena), no heap for the memory, no signals, no threads. Built for
 * a Cortex-M3 (startup.c, run under qemu-system-arm) and for this host
 * against the same runtime profile (wasmrt_firmware), printing the same
 * lines. out()/finish() are the board's: semihosting on the Cortex-M3. */
#include "wasmrt.h"

#include <stdint.h>

#include "dsp.h"

void out(const char *s);
_Noreturn void finish(int status);

/* The module's one page of linear memory, and the instance itself. */
static uint8_t arena[WASMRT_PAGE_SIZE] __attribute__((aligned(8)));
static dsp_instance inst;

static void out_u32(const char *label, uint32_t v) {
  char digits[11];
  int i = sizeof digits - 1;
  digits[i] = '\0';
  do digits[--i] = (char)('0' + v % 10); while ((v /= 10) != 0);
  out(label);
  out(digits + i);
  out("\n");
}

/* A test signal: a square wave plus a high-frequency ripple (the filter's job
 * is to remove it), written into the module's buffer in its memory. */
static void fill_input(uint32_t n) {
  uint32_t addr = dsp_buffer(&inst);
  for (uint32_t i = 0; i < n; i++) {
    int16_t v = (int16_t)(((i / 32) % 2 ? 8000 : -8000) + (i % 2 ? 3000 : -3000));
    /* wasm memory is little-endian; write it byte by byte, as any host may. */
    inst.memory0->base[addr + 2 * i] = (uint8_t)((uint16_t)v & 0xFF);
    inst.memory0->base[addr + 2 * i + 1] = (uint8_t)((uint16_t)v >> 8);
  }
}

static int run(void) {
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    /* The module's own memory lives in the arena (no allocator). */
    if (wasmrt_memory_init_static(&inst.memory0_own, arena, sizeof arena) != 0) finish(2);
    dsp_module.instantiate(&inst, NULL);
    fill_input(256);
    uint32_t energy = dsp_fir(&inst, 256);
    out_u32("energy ", energy);
    out_u32("rms ", dsp_isqrt(&inst, energy));
    out_u32("crc32 ", dsp_crc32(&inst, 256));
    out_u32("memory pages ", (uint32_t)inst.memory0->pages);
    wasmrt_trap_leave(&f);
    return 0;
  }
  out("wasm trap: ");
  out(wasmrt_trap_message(f.code));
  out("\n");
  return 1;
}

int main(void) {
  int status = run();
  dsp_module.free(&inst);
  out(status == 0 ? "ok\n" : "failed\n");
  finish(status);
}
