# `cpack -G DEB` in the build folder makes a .deb of the CLI and the workbench.
install(FILES ${CMAKE_SOURCE_DIR}/packaging/ahenk-workbench.desktop DESTINATION share/applications)
install(FILES ${CMAKE_SOURCE_DIR}/resources/icons/ahenk.svg
        DESTINATION share/icons/hicolor/scalable/apps)
set(CPACK_PACKAGE_NAME ahenk)
set(CPACK_PACKAGE_VENDOR "Ahenk developers")
set(CPACK_PACKAGE_CONTACT "ahenk@localhost")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "mesa-vulkan-drivers")
include(CPack)
