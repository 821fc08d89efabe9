# The cfn fuzz target: a libFuzzer binary with the `fuzz` preset (clang), and everywhere
# a replay of the committed corpus as the CTest `fuzz_corpus_cfn`.
if(JUMPGATE_FUZZ)
  # Coverage feedback needs the code under test instrumented, not only the entry point.
  foreach(lib jg_core jg_cfn)
    target_compile_options(${lib} PRIVATE -fsanitize=fuzzer-no-link,address,undefined)
  endforeach()
  add_executable(fuzz_cfn ${CMAKE_CURRENT_LIST_DIR}/cfn_fuzz.cpp)
  target_compile_options(fuzz_cfn PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(fuzz_cfn PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(fuzz_cfn PRIVATE jg_cfn)
endif()
add_executable(fuzz_corpus_cfn ${CMAKE_CURRENT_LIST_DIR}/cfn_fuzz.cpp ${CMAKE_CURRENT_LIST_DIR}/replay_main.cpp)
target_link_libraries(fuzz_corpus_cfn PRIVATE jg_cfn)
add_test(NAME fuzz_corpus_cfn COMMAND fuzz_corpus_cfn ${CMAKE_CURRENT_LIST_DIR}/corpus/cfn)
set_tests_properties(fuzz_corpus_cfn PROPERTIES TIMEOUT 60)
