import SonicMapCLI

// Everything the command line does lives in SonicMapCLI, where tests reach it.
CommandLineMain.run()
