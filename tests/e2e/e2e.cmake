# End-to-end tests: each starts a fresh `jumpgate serve` on a free port with its own home
# and drives it with real clients (Debian's aws CLI v2, the machine's Python aws CLI v1 and
# boto3, the JS SDK v3 from tools/node_modules).
find_program(JUMPGATE_PYTHON python3 REQUIRED)
foreach(name article_runbook switch_role_cli2 bad_input restart conformance sdk_clients user_credential_process
    policy_documents serve_transport web_identity article_import
    audit_auth_details attacks_signing principal_ids)
  add_test(NAME e2e_${name} COMMAND ${JUMPGATE_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/${name}.py)
  set_tests_properties(e2e_${name} PROPERTIES TIMEOUT 400 ENVIRONMENT
    "JUMPGATE_BIN=$<TARGET_FILE:jumpgate>;JUMPGATE_SHARED=${CMAKE_SOURCE_DIR}/../shared;JUMPGATE_TOOLS_DIR=${JUMPGATE_TOOLS_DIR}")
endforeach()

# The browser console in Debian's chromium, driven by puppeteer-core (tools/); the
# screenshots of each step are kept in the build dir.
find_program(JUMPGATE_NODE node REQUIRED)
add_test(NAME e2e_console_browser COMMAND ${JUMPGATE_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/console_browser.mjs)
set_tests_properties(e2e_console_browser PROPERTIES TIMEOUT 300 ENVIRONMENT
  "JUMPGATE_BIN=$<TARGET_FILE:jumpgate>;JUMPGATE_TOOLS_DIR=${JUMPGATE_TOOLS_DIR};JUMPGATE_ARTIFACTS=${CMAKE_BINARY_DIR}/console-e2e")
