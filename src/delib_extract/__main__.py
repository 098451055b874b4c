from delib_extract.cli import main

main()
