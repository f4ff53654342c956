// cxxabi_min.cpp - the least of the C++ exception ABI that program.cpp
// needs: throwing, and catch (...). A real program links libc++abi built
// for wasm exceptions; Debian has none, so this stands in (no RTTI, no
// typed catch, one exception in flight at a time).
extern "C" {
static int exception_storage[16];
static void *caught;

void *__cxa_allocate_exception(unsigned long size) {
  (void)size;
  return exception_storage;
}

// Tag 0 is __cpp_exception, whose payload is the thrown object's address.
void __cxa_throw(void *object, void *type_info, void (*destructor)(void *)) {
  (void)type_info;
  (void)destructor;
  __builtin_wasm_throw(0, object);
}

void *__cxa_begin_catch(void *object) { return caught = object; }
void __cxa_end_catch(void) {}
void *last_caught_exception(void) { return caught; }

// `throw x` names the thrown type's type_info; nothing reads it here.
const void *_ZTIi[2]; // typeinfo for int
}

namespace std {
// What a throw that nothing may catch (from a noexcept function) calls.
[[noreturn]] void terminate() noexcept { __builtin_trap(); }
}
