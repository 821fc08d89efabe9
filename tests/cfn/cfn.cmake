# cfn-lint cross-check over the golden templates (needs cfn-lint in the machine's Python).
add_test(NAME cfnlint_crosscheck
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/cfnlint_crosscheck.sh $<TARGET_FILE:jumpgate>
                 ${CMAKE_CURRENT_LIST_DIR}/../golden/cfn)
set_tests_properties(cfnlint_crosscheck PROPERTIES TIMEOUT 1200)
