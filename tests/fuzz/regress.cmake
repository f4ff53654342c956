# Replays every input a fuzzer once found a bug with (tests/fuzz/regressions/)
# through wasmcc --check and a translation; each must exit 0 or 1, never die
# by a signal or hang. Registered in every build, fuzzing or not: included by
# tests/CMakeLists.txt with include(${PROJECT_SOURCE_DIR}/tests/fuzz/regress.cmake).
add_test(NAME fuzz_regressions
  COMMAND ${CMAKE_CURRENT_LIST_DIR}/replay $<TARGET_FILE:wasmcc>)
set_tests_properties(fuzz_regressions PROPERTIES TIMEOUT 600)
