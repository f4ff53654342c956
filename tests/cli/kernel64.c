/* kernel64.c - freestanding C for the memory64 cases of tests/cli/run.
 *
 * Compiled by clang --target=wasm64, every pointer and size_t is 64 bits: the
 * loads and stores, the shadow stack (__stack_pointer is an i64 global) and
 * the pointers kept in memory by the linked list below all use i64
 * addresses. The same file compiled natively with -DNATIVE_MAIN prints what
 * the wasm program must print. No libc: wasm64 has no wasi-libc. */
#include <stddef.h>
#include <stdint.h>

#define N 3000

typedef struct node {
  struct node *next; /* 8 bytes in wasm64 memory */
  uint32_t key;
} node;

static node pool[N];

static uint32_t xorshift(uint32_t *state) {
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *state = x;
}

/* Insertion into a sorted list: walks and rewrites pointers in memory. */
static node *insert_sorted(node *head, node *n) {
  node **link = &head;
  while (*link && (*link)->key <= n->key) link = &(*link)->next;
  n->next = *link;
  *link = n;
  return head;
}

/* FNV-1a over the sorted keys and each node's place in the pool (a pointer
 * difference), mixed with a byte histogram kept on the shadow stack. */
static uint64_t digest(const node *head) {
  uint64_t histogram[256] = {0};
  uint64_t h = 14695981039346656037u;
  uint32_t last = 0;
  for (const node *p = head; p; p = p->next) {
    if (p->key < last) return 0; /* not sorted: a wrong result, never a match */
    last = p->key;
    h = (h ^ p->key) * 1099511628211u;
    h = (h ^ (uint64_t)(p - pool)) * 1099511628211u;
    histogram[p->key & 0xff]++;
  }
  for (size_t i = 0; i < 256; i++) h = (h ^ histogram[i]) * 1099511628211u;
  return h;
}

/* Sorts n pseudo-random keys from seed and returns their digest. */
uint64_t kernel(uint32_t n, uint32_t seed) {
  uint32_t state = seed ? seed : 1;
  node *head = NULL;
  if (n > N) n = N;
  for (uint32_t i = 0; i < n; i++) {
    pool[i].key = xorshift(&state) % 100000;
    head = insert_sorted(head, &pool[i]);
  }
  return digest(head);
}

/* Reads 4 bytes at a 64-bit address: above the memory, it must trap, and
 * not wrap to a low address (as a 32-bit truncation would). */
uint32_t peek(uint64_t address) { return *(volatile uint32_t *)(uintptr_t)address; }

#ifdef NATIVE_MAIN
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

/* Prints kernel(N, SEED) as `wasmcc build --invoke kernel` does: signed. */
int main(int argc, char **argv) {
  if (argc != 3) return 2;
  uint64_t r = kernel((uint32_t)strtoul(argv[1], NULL, 10), (uint32_t)strtoul(argv[2], NULL, 10));
  printf("%" PRId64 "\n", (int64_t)r);
  return 0;
}
#endif
