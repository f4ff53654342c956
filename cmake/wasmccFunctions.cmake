# wasmccFunctions.cmake - wasmcc_add_module, for projects that use wasmcc
# through find_package(wasmcc) or add_subdirectory.
#
# wasmcc_add_module(TARGET MODULE.wasm
#                   [BOUNDS guard|check] [SIMD vector|scalar] [PREFIX NAME]
#                   [WASI] [RUNTIME LIBRARY-TARGET] [OPTIONS WASMCC-OPTION...])
#
# Translates MODULE.wasm (relative to the current source directory, or a file
# another rule generates) when the project builds, and again whenever the
# module or wasmcc changes, and makes TARGET a static library of the C. A host
# links TARGET and includes "NAME.h" (NAME is TARGET unless PREFIX says
# otherwise), which declares NAME_module, NAME_instance and the exports.
#   BOUNDS, SIMD  fixed into the header (wasmcc --bounds/--simd); by default
#                 the compile decides (WASMRT_BOUNDS_CHECK, WASMRT_SIMD_SCALAR).
#   WASI          also link wasmcc::wasmrt_wasi, the WASI preview1 host.
#   RUNTIME       the runtime library (default wasmcc::wasmrt), e.g.
#                 wasmcc::wasmrt_nosignals; its defines reach the generated C.
#   OPTIONS       more wasmcc options, e.g. --data=string.
# The C is one file (--split-size=0), since the files a split makes are only
# known once the module is translated.
function(wasmcc_add_module target module)
  cmake_parse_arguments(PARSE_ARGV 2 arg "WASI" "BOUNDS;SIMD;PREFIX;RUNTIME" "OPTIONS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "wasmcc_add_module(${target}): unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  set(name ${target})
  if(arg_PREFIX)
    set(name ${arg_PREFIX})
  endif()
  set(runtime wasmcc::wasmrt)
  if(arg_RUNTIME)
    set(runtime ${arg_RUNTIME})
  endif()
  set(flags --split-size=0 --prefix=${name})
  if(arg_BOUNDS)
    if(NOT arg_BOUNDS MATCHES "^(guard|check)$")
      message(FATAL_ERROR "wasmcc_add_module(${target}): BOUNDS is guard or check, not '${arg_BOUNDS}'")
    endif()
    list(APPEND flags --bounds=${arg_BOUNDS})
  endif()
  if(arg_SIMD)
    if(NOT arg_SIMD MATCHES "^(vector|scalar)$")
      message(FATAL_ERROR "wasmcc_add_module(${target}): SIMD is vector or scalar, not '${arg_SIMD}'")
    endif()
    list(APPEND flags --simd=${arg_SIMD})
  endif()
  list(APPEND flags ${arg_OPTIONS})

  # In a build tree wasmcc::wasmcc is an alias: depend on the real target so
  # that wasmcc is built first; an installed one is a file.
  get_target_property(compiler wasmcc::wasmcc ALIASED_TARGET)
  if(NOT compiler)
    set(compiler $<TARGET_FILE:wasmcc::wasmcc>)
  endif()
  get_filename_component(module ${module} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/wasmcc/${target})
  add_custom_command(
    OUTPUT ${out}/${name}.c ${out}/${name}.h
    BYPRODUCTS ${out}/${name}-impl.h
    COMMAND ${CMAKE_COMMAND} -E make_directory ${out}
    COMMAND wasmcc::wasmcc ${flags} ${module} -o ${out}/${name}.c
    DEPENDS ${module} ${compiler}
    COMMENT "wasmcc ${module}"
    VERBATIM)

  add_library(${target} STATIC ${out}/${name}.c ${out}/${name}.h)
  # PUBLIC: hosts include NAME.h; the C finds its .incbin data file there too.
  target_include_directories(${target} PUBLIC ${out})
  target_link_libraries(${target} PUBLIC ${runtime})
  if(arg_WASI)
    target_link_libraries(${target} PUBLIC wasmcc::wasmrt_wasi)
  endif()
  set_target_properties(${target} PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON)
  # Without contraction the C keeps wasm's IEEE results exactly (as `wasmcc build`).
  target_compile_options(${target} PRIVATE $<$<C_COMPILER_ID:GNU,Clang,AppleClang>:-ffp-contract=off>)
endfunction()
