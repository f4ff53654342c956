# install.cmake - what `cmake --install` puts where, the CMake package
# find_package(wasmcc) reads, the pkg-config files, and the Debian package.
#
#   P/bin/wasmcc
#   P/lib/libwasmrt*.a                      the runtime and its variants
#   P/include/wasmcc/wasmrt.h, wasmrt_wasi.h
#   P/lib/cmake/wasmcc/                     wasmccConfig.cmake, targets, wasmcc_add_module
#   P/lib/pkgconfig/wasmrt*.pc
#
# Everything refers to everything else by relative paths, so the tree can be
# moved after installing: wasmcc finds the runtime from its own directory.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
set(wasmcc_cmake_sources ${CMAKE_CURRENT_LIST_DIR})

# The version is wasmcc's own (compiler/build.h), so the two cannot differ.
file(STRINGS ${PROJECT_SOURCE_DIR}/compiler/build.h version_line REGEX "^#define WASMCC_VERSION ")
string(REGEX REPLACE ".*\"(.*)\".*" "\\1" WASMCC_PACKAGE_VERSION "${version_line}")
set(wasmcc_include_subdir ${CMAKE_INSTALL_INCLUDEDIR}/wasmcc)
set(wasmcc_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/wasmcc)

# The runtime libraries that exist in this configuration. The variants are
# not built by default (only tests need them in the build tree), but
# installed ones must exist.
set(wasmcc_runtime_targets wasmrt wasmrt_nosignals wasmrt_firmware wasmrt_malloc)
if(WASMCC_WASI)
  list(APPEND wasmcc_runtime_targets wasmrt_wasi)
endif()
foreach(lib ${wasmcc_runtime_targets})
  set_property(TARGET ${lib} PROPERTY EXCLUDE_FROM_ALL OFF)
  # Their headers are in rt/ in the build tree and in include/wasmcc once
  # installed; the targets name rt/ alone, which an export cannot carry.
  set_property(TARGET ${lib} PROPERTY INTERFACE_INCLUDE_DIRECTORIES
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/rt> $<INSTALL_INTERFACE:${wasmcc_include_subdir}>)
endforeach()

# A sanitized runtime needs the sanitizers' libraries in every program
# (in the build tree all targets get the flags anyway).
if(WASMCC_SANITIZE)
  set(wasmcc_sanitize_flags -fsanitize=address,undefined)
  foreach(lib ${wasmcc_runtime_targets})
    target_link_options(${lib} INTERFACE ${wasmcc_sanitize_flags})
  endforeach()
endif()

# The same names in the build tree, so a project that adds wasmcc with
# add_subdirectory or FetchContent writes what an installed one does.
add_executable(wasmcc::wasmcc ALIAS wasmcc)
foreach(lib ${wasmcc_runtime_targets})
  add_library(wasmcc::${lib} ALIAS ${lib})
endforeach()
include(${CMAKE_CURRENT_LIST_DIR}/wasmccFunctions.cmake)

# An installed wasmcc looks for the runtime relative to its own directory.
function(wasmcc_relative_to_bindir out dir)
  if(IS_ABSOLUTE "${dir}")
    set(${out} "${dir}" PARENT_SCOPE)
  else()
    file(RELATIVE_PATH rel /prefix/${CMAKE_INSTALL_BINDIR} /prefix/${dir})
    set(${out} "${rel}" PARENT_SCOPE)
  endif()
endfunction()
wasmcc_relative_to_bindir(rt_include_from_bin ${wasmcc_include_subdir})
wasmcc_relative_to_bindir(lib_from_bin ${CMAKE_INSTALL_LIBDIR})
target_compile_definitions(wasmcc PRIVATE
  "WASMCC_INSTALL_RT_INCLUDE=\"${rt_include_from_bin}\""
  "WASMCC_INSTALL_LIB=\"${lib_from_bin}\"")

install(TARGETS wasmcc EXPORT wasmccTargets RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS ${wasmcc_runtime_targets} EXPORT wasmccTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
set(wasmcc_headers rt/wasmrt.h)
if(WASMCC_WASI)
  list(APPEND wasmcc_headers rt/wasmrt_wasi.h)
endif()
install(FILES ${wasmcc_headers} DESTINATION ${wasmcc_include_subdir})

# The CMake package.
install(EXPORT wasmccTargets NAMESPACE wasmcc:: DESTINATION ${wasmcc_cmake_dir})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/wasmccConfig.cmake.in
  ${CMAKE_BINARY_DIR}/pkg/wasmccConfig.cmake INSTALL_DESTINATION ${wasmcc_cmake_dir})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/pkg/wasmccConfigVersion.cmake
  VERSION ${WASMCC_PACKAGE_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/pkg/wasmccConfig.cmake
  ${CMAKE_BINARY_DIR}/pkg/wasmccConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/wasmccFunctions.cmake
  DESTINATION ${wasmcc_cmake_dir})

# pkg-config: one file per library. The libraries are static, so what they
# need goes to the .private fields (`pkg-config --static`). The prefix is found
# from the .pc file's own directory, which keeps the tree movable.
function(wasmcc_pkg_config name lib description cflags requires requires_private libs_private)
  file(RELATIVE_PATH pc_prefix_rel /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
  string(REGEX REPLACE "/$" "" pc_prefix_rel "${pc_prefix_rel}")
  set(PC_PREFIX "\${pcfiledir}/${pc_prefix_rel}")
  set(PC_LIBDIR ${CMAKE_INSTALL_LIBDIR})
  set(PC_INCLUDEDIR ${wasmcc_include_subdir})
  set(PC_NAME ${name})
  set(PC_LIB ${lib})
  set(PC_DESCRIPTION ${description})
  string(STRIP "${cflags} ${wasmcc_sanitize_flags}" PC_CFLAGS)
  set(PC_REQUIRES ${requires})
  set(PC_REQUIRES_PRIVATE ${requires_private})
  string(STRIP "${libs_private} ${wasmcc_sanitize_flags}" PC_LIBS_PRIVATE)
  set(PC_VERSION ${WASMCC_PACKAGE_VERSION})
  configure_file(${wasmcc_cmake_sources}/wasmrt.pc.in ${CMAKE_BINARY_DIR}/pkg/${name}.pc @ONLY)
  install(FILES ${CMAKE_BINARY_DIR}/pkg/${name}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endfunction()
set(no_signals -DWASMRT_NO_SIGNALS=1)
if(WASMRT_NO_SIGNALS)
  set(rt_cflags ${no_signals})
endif()
wasmcc_pkg_config(wasmrt wasmrt "Runtime of the C that wasmcc generates" "${rt_cflags}" "" "" "-lpthread -lm")
wasmcc_pkg_config(wasmrt-nosignals wasmrt_nosignals "wasmrt without signal handlers"
  "${no_signals}" "" "" "-lpthread -lm")
wasmcc_pkg_config(wasmrt-malloc wasmrt_malloc "wasmrt taking memories from an allocator hook"
  "-DWASMRT_MEMORY_BACKEND=WASMRT_MEMORY_MALLOC ${no_signals} -DWASMRT_BOUNDS_CHECK=1" "" ""
  "-lpthread -lm")
wasmcc_pkg_config(wasmrt-firmware wasmrt_firmware "wasmrt for firmware: static memories, no signals, no threads"
  "-DWASMRT_MEMORY_BACKEND=WASMRT_MEMORY_STATIC ${no_signals} -DWASMRT_THREADS=0 -DWASMRT_BOUNDS_CHECK=1"
  "" "" "")
if(WASMCC_WASI)
  wasmcc_pkg_config(wasmrt-wasi wasmrt_wasi "WASI preview1 host for wasmcc programs" ""
    "wasmrt" "libuv" "")
endif()

# cpack -G DEB: one package with the compiler, runtime and development files
# (only when wasmcc is the top project, not a subdirectory of another one).
if(NOT CMAKE_SOURCE_DIR STREQUAL PROJECT_SOURCE_DIR)
  return()
endif()
set(CPACK_PACKAGE_NAME wasmcc)
set(CPACK_PACKAGE_VERSION ${WASMCC_PACKAGE_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Ahead-of-time WebAssembly-to-C compiler and its runtime")
set(CPACK_PACKAGE_CONTACT "wasmcc maintainers <wasmcc@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# `wasmcc build` runs a C compiler and links the programs with libuv (-luv).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libc6, gcc | c-compiler")
if(WASMCC_WASI)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "${CPACK_DEBIAN_PACKAGE_DEPENDS}, libuv1-dev")
endif()
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_GENERATOR DEB)
include(CPack)
