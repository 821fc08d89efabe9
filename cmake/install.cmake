# Installing jumpgate: bin/jumpgate (stripped by `cmake --install --strip` and in the
# package), the man page and the bash completion (written by the binary from its own
# command definitions right after it is linked, so they cannot drift), and the docs.
# `cpack -G DEB` makes the .deb (Depends from dpkg-shlibdeps).
include(GNUInstallDirs)

set(jumpgate_man ${CMAKE_BINARY_DIR}/jumpgate.1)
set(jumpgate_completion ${CMAKE_BINARY_DIR}/jumpgate.bash-completion)
add_custom_command(
  OUTPUT ${jumpgate_man} ${jumpgate_completion}
  COMMAND $<TARGET_FILE:jumpgate> __man ${jumpgate_man}
  COMMAND $<TARGET_FILE:jumpgate> __completion ${jumpgate_completion}
  DEPENDS jumpgate
  COMMENT "writing the man page and the bash completion from the command definitions"
  VERBATIM)
add_custom_target(jumpgate_docs ALL DEPENDS ${jumpgate_man} ${jumpgate_completion})

install(TARGETS jumpgate RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${jumpgate_man} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${jumpgate_completion} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  RENAME jumpgate)
foreach(doc README.md README.ja.md LICENSE)
  if(EXISTS ${CMAKE_SOURCE_DIR}/${doc})
    install(FILES ${CMAKE_SOURCE_DIR}/${doc} DESTINATION ${CMAKE_INSTALL_DOCDIR})
  endif()
endforeach()

set(CPACK_PACKAGE_NAME jumpgate)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "jumpgate")
set(CPACK_PACKAGE_CONTACT "jumpgate maintainers <jumpgate@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "the Jump-account pattern for AWS without Organizations")
set(CPACK_PACKAGE_DESCRIPTION
  "One declarative file becomes CloudFormation templates, a plan and an apply of the Jump-account
pattern (IAM users in one account, MFA-protected roles in the others, rolled out with StackSets),
with an access matrix and an audit, and a local multi-account AWS (IAM, STS, S3, CloudFormation)
served over HTTP.")
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
include(CPack)
