# bench_cfn: plans the seed templates and a generated 500-resource template.
add_executable(bench_cfn ${CMAKE_CURRENT_SOURCE_DIR}/cfn_bench.cpp)
target_link_libraries(bench_cfn PRIVATE jg_cfn)
