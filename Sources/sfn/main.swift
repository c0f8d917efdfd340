import Foundation
import SFNCLI

exit(SFN.main(Array(CommandLine.arguments.dropFirst())))
