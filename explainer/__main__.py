from explainer.cli import main

main()
