from powertriangle.cli import main

main()
