import PipelineCore

extension DemoScenario {
    /// The year's ideas: from 26 of the 28 regions, in every stage, each with its own problem,
    /// figures and partners. The proven ones list the regions that adopt them.
    static let plans: [Plan] = [
        Plan(
            title: "Regionale digitale stagedesk",
            summary: """
                Eén loket dat huisartsenpraktijken en opleiders koppelt, zodat mbo-studenten sneller een stageplaats \
                vinden en praktijken minder tijd kwijt zijn aan werving.
                """,
            theme: "onderwijsvernieuwing", organisation: "Zorggroep Twente", region: "Twente", target: .national,
            day: 20,
            problem: """
                Mbo-studenten doktersassistent in Twente zoeken gemiddeld elf weken naar een stageplaats; een derde \
                van de praktijken biedt geen stage aan, omdat werving en begeleiding te veel tijd kosten.
                """,
            partners: ["zorggroep", "huisartsenpraktijk", "mbo", "ros"], groups: ["stagiair", "doktersassistent"],
            fteSaved: 3.5, cost: 118_000,
            pilot: Pilot(participants: 24, satisfaction: 8.4, hoursSaved: 16, regionsInterested: 9),
            adoptions: [
                Adoption(
                    region: "Groningen", organisation: "Zorggroep Groningen-Noord", lead: "Marieke Dijkstra", after: 10,
                    reach: .evaluated, practices: 31, hours: 14, students: 26),
                Adoption(
                    region: "Drenthe", organisation: "Zorggroep Drenthe-Zuid", lead: "Jan-Willem Hofstra", after: 24,
                    reach: .live, practices: 18, hours: 9, students: 15),
                Adoption(
                    region: "IJsselvecht", organisation: "HAGRO Kampen", lead: "Esther Brouwer", after: 38,
                    reach: .live, practices: 12, hours: 6, students: 9),
                Adoption(
                    region: "Achterhoek", organisation: "Huisartsenkring Achterhoek", lead: "Ruud Lammers", after: 70,
                    reach: .plan, practices: 22),
                Adoption(
                    region: "Zuid-West Gelderland", organisation: "Zorggroep Rivierenland", lead: "Sanne van Wijk",
                    after: 95,
                    reach: .stopped(
                        """
                        Het mbo in de regio begint zelf een stagebureau; de praktijken sluiten daarbij aan
                        """)),
                Adoption(
                    region: "Flevoland", organisation: "Zorggroep Almere", lead: "Bas Kok", after: 170, reach: .intake),
            ]),
        Plan(
            title: "Gedeelde pool van triagisten",
            summary: """
                Huisartsenposten in de regio delen een pool van triagisten, met één rooster en één scholingsprogramma, \
                zodat diensten minder vaak onbezet blijven.
                """,
            theme: "anders_besturen", organisation: "Huisartsenpost Rijnmond", region: "Rijnmond", target: .regional,
            day: 45,
            problem: """
                Op de huisartsenposten in Rijnmond bleef vorig jaar 7% van de triagediensten onbezet; avond- en \
                weekenddiensten worden vaak met dure uitzendkrachten gevuld.
                """,
            partners: ["huisartsenpost", "hagro", "ros"], groups: ["triagist", "doktersassistent"], fteSaved: 5,
            conditional: true, cost: 164_000,
            pilot: Pilot(participants: 31, satisfaction: 7.9, hoursSaved: 22, regionsInterested: 4),
            adoptions: [
                Adoption(
                    region: "Haaglanden", organisation: "Huisartsenpost Haaglanden", lead: "Ingrid Verbeek", after: 12,
                    reach: .live, practices: 64, hours: 48),
                Adoption(
                    region: "Rijnstreek", organisation: "Huisartsenpost Leiden-Rijnstreek", lead: "Mohamed el Amrani",
                    after: 20, reach: .live, practices: 41, hours: 26),
                Adoption(
                    region: "Drechtsteden", organisation: "Huisartsenpost Drechtsteden", lead: "Anouk de Graaf",
                    after: 34, reach: .plan, practices: 38),
                Adoption(
                    region: "West-Brabant", organisation: "Huisartsenpost Breda", lead: "Thijs Verhoeven", after: 120,
                    reach: .intake),
            ]),
        Plan(
            title: "Zij-instroomtraject doktersassistent",
            summary: """
                Een verkort en betaald leertraject voor zij-instromers met zorgervaring, met een vaste werkplek in de \
                praktijk vanaf de eerste week.
                """,
            theme: "instroom_zij_instroom", organisation: "HAGRO Amersfoort", region: "Amersfoort en omgeving",
            target: .pilotOnConditions, day: 150,
            problem: """
                In de regio Amersfoort staan 46 vacatures voor doktersassistenten open, gemiddeld vijf maanden lang; \
                de reguliere opleiding levert per jaar minder dan de helft van wat de praktijken nodig hebben.
                """,
            partners: ["hagro", "mbo", "huisartsenpraktijk"], groups: ["zij_instromer", "doktersassistent"],
            fteSaved: 4, cost: 142_000),
        Plan(
            title: "Regionaal opleidingsplatform praktijkpersoneel",
            summary: """
                Eén online platform met scholing voor alle medewerkers van huisartsenpraktijken in de regio, met \
                accreditatie en gedeelde trainers.
                """,
            theme: "onderwijsvernieuwing", organisation: "ROS Friesland", region: "Friesland", target: .completed,
            day: 5,
            problem: """
                Friese praktijken besteden per medewerker ruim dertig uur per jaar aan reizen naar scholing; kleine \
                praktijken op het platteland en de eilanden kunnen geen eigen trainers betalen.
                """,
            partners: ["ros", "huisartsenpraktijk", "hbo"], groups: ["doktersassistent", "praktijkondersteuner"],
            fteSaved: 2.5, cost: 76_000,
            pilot: Pilot(participants: 42, satisfaction: 8.1, hoursSaved: 12, regionsInterested: 7)),
        Plan(
            title: "Voorspellen van uitstroom",
            summary: """
                Een hulpmiddel dat op basis van verzuim, leeftijd en werkdruk voorspelt welke medewerkers dreigen te \
                vertrekken, zodat praktijken op tijd het gesprek aangaan.
                """,
            theme: "behoud_betrokkenheid", organisation: "Gezondheidscentrum Oost", region: "Amsterdam",
            target: .businessCaseOverdue, day: 200,
            problem: """
                Van de doktersassistenten in Amsterdamse gezondheidscentra vertrekt 18% binnen twee jaar; \
                exitgesprekken laten zien dat de signalen vaak maanden eerder zichtbaar waren.
                """,
            partners: ["gezondheidscentrum", "hbo"], groups: ["doktersassistent", "praktijkondersteuner"], fteSaved: 2,
            cost: 58_000, funding: "eigen_middelen"),
        Plan(
            title: "Taakherschikking naar praktijkondersteuner",
            summary: """
                Chronische zorg voor diabetes en COPD verschuift gestructureerd van huisarts naar \
                praktijkondersteuner, met vaste protocollen en intervisie.
                """,
            theme: "anders_besturen", organisation: "HAP De Linde", region: "Utrecht en omgeving", target: .pilot,
            day: 215,
            problem: """
                Huisartsen in de regio Utrecht besteden een kwart van hun spreekuur aan controles van chronische \
                patiënten die een praktijkondersteuner volgens de zorgstandaard ook kan doen.
                """,
            partners: ["huisartsenpraktijk", "zorggroep", "zorgverzekeraar"],
            groups: ["huisarts", "praktijkondersteuner"], fteSaved: 6, cost: 195_000, funding: "zorgverzekeraar"),
        Plan(
            title: "Flexibele invalpool bij langdurig verzuim",
            summary: """
                Praktijken in de regio delen een flexibele pool van doktersassistenten die invallen bij langdurig \
                verzuim, met een gezamenlijke werkgever.
                """,
            theme: "behoud_betrokkenheid", organisation: "Zorggroep Zeeland", region: "Zeeland", target: .costTooHigh,
            day: 270,
            problem: """
                Eén langdurig zieke assistent legt in een Zeeuwse solopraktijk de halve balie stil; uitzendbureaus \
                hebben op de eilanden vaak niemand beschikbaar.
                """,
            partners: ["zorggroep", "huisartsenpraktijk", "gemeente"], groups: ["doktersassistent"], fteSaved: 3),
        Plan(
            title: "Slimme telefoonmodule met terugbelverzoek",
            summary: """
                Een telefoonmodule die patiënten een terugbelmoment laat kiezen in plaats van in de wacht te staan, \
                zodat assistenten hun werk beter kunnen plannen.
                """,
            theme: "innovatie_technologie", organisation: "HAP De Linde", region: "Utrecht en omgeving",
            target: .readyForReview, day: 330,
            problem: """
                Tussen acht en tien uur 's ochtends komt 60% van de telefoontjes binnen; patiënten wachten gemiddeld \
                negen minuten en assistenten worden bij al hun andere werk onderbroken.
                """,
            partners: ["huisartsenpraktijk", "hagro"], groups: ["doktersassistent"], fteSaved: 2),
        Plan(
            title: "Leerwerkplekken voor statushouders",
            summary: """
                Statushouders met een zorgachtergrond krijgen een leerwerkplek en taalcoaching in de praktijk, met \
                begeleiding door de gemeente.
                """,
            theme: "instroom_zij_instroom", organisation: "Gemeentelijke zorggroep Haaglanden", region: "Haaglanden",
            target: .submitted, day: 350,
            problem: """
                Haaglanden telt ruim driehonderd statushouders met een zorgdiploma dat hier niet erkend is, terwijl de \
                praktijken assistenten zoeken.
                """,
            partners: ["gemeente", "mbo", "huisartsenpraktijk"], groups: ["zij_instromer"], fteSaved: 2),
        Plan(
            title: "Digitale triage-ondersteuning",
            summary: """
                Een beslisondersteunend systeem dat triagisten helpt bij de urgentiebepaling en gesprekken korter \
                maakt zonder de kwaliteit te verlagen.
                """,
            theme: "innovatie_technologie", organisation: "Huisartsenpost Drechtsteden", region: "Drechtsteden",
            target: .onHold, day: 170,
            problem: """
                Een triagegesprek op de huisartsenpost Drechtsteden duurt gemiddeld 6,5 minuut; in de drukste uren \
                loopt de wachttijd aan de telefoon op tot boven de twintig minuten.
                """,
            partners: ["huisartsenpost", "zorgverzekeraar"], groups: ["triagist"], fteSaved: 4, cost: 230_000,
            funding: "subsidie"),
        Plan(
            title: "Mentorprogramma eerste werkjaar",
            summary: """
                Nieuwe doktersassistenten krijgen in hun eerste jaar een mentor uit een andere praktijk, om uitval in \
                het eerste jaar te verminderen.
                """,
            theme: "behoud_betrokkenheid", organisation: "HAGRO Zuid-Limburg", region: "Zuid-Limburg", target: .killed,
            day: 60,
            problem: """
                Een op de vijf nieuwe doktersassistenten in Zuid-Limburg stopt binnen het eerste jaar; zij noemen \
                vooral de eenzaamheid in kleine praktijken en het gebrek aan begeleiding.
                """,
            partners: ["hagro", "huisartsenpraktijk", "mbo"], groups: ["doktersassistent"], fteSaved: 1.5),
        Plan(
            title: "Gezamenlijke werving met het mbo",
            summary: """
                Praktijken en het regionale mbo werven samen studenten voor de opleiding doktersassistent, met open \
                dagen in de praktijk en een gezamenlijke campagne.
                """,
            theme: "onderwijsvernieuwing", organisation: "Zorggroep Noord-Holland Noord", region: "Noord-Holland Noord",
            target: .recycled, day: 100,
            problem: """
                De opleiding doktersassistent in Noord-Holland Noord had dit jaar 40% minder aanmeldingen dan vijf \
                jaar geleden, terwijl een kwart van de assistenten binnen tien jaar met pensioen gaat.
                """,
            partners: ["zorggroep", "mbo", "gemeente"], groups: ["stagiair", "doktersassistent"], fteSaved: 2),
        Plan(
            title: "Spreekuurassistent met spraakherkenning",
            summary: """
                Spraakherkenning maakt tijdens het consult een conceptverslag, zodat huisarts en assistent minder tijd \
                kwijt zijn aan verslaglegging.
                """,
            theme: "innovatie_technologie", organisation: "Gezondheidscentrum Achterhoek", region: "Achterhoek",
            target: .regional, day: 90,
            problem: """
                Huisartsen in de Achterhoek besteden gemiddeld een uur en veertig minuten per dag aan verslaglegging; \
                assistenten typen daarnaast verwijsbrieven uit.
                """,
            partners: ["gezondheidscentrum", "huisartsenpraktijk", "zorgverzekeraar"],
            groups: ["huisarts", "doktersassistent"], fteSaved: 7, cost: 124_000,
            pilot: Pilot(participants: 14, satisfaction: 7.6, hoursSaved: 31, regionsInterested: 3),
            adoptions: [
                Adoption(
                    region: "Noordwest-Veluwe en Stedendriehoek", organisation: "Gezondheidscentrum Zutphen-Noord",
                    lead: "Hanneke Post", after: 7, reach: .live, practices: 9, hours: 27),
                Adoption(
                    region: "Twente", organisation: "HAGRO Hengelo", lead: "Peter Nijhuis", after: 25, reach: .plan,
                    practices: 14),
                Adoption(
                    region: "Midden-Gelderland", organisation: "HAGRO Ede", lead: "Lotte Smit", after: 64,
                    reach: .intake),
            ]),
        Plan(
            title: "Regionale vacaturebank eerstelijnszorg",
            summary: """
                Eén vacaturebank voor alle eerstelijnsorganisaties in de regio, gekoppeld aan de opleidingen, met \
                inzicht in de regionale tekorten.
                """,
            theme: "instroom_zij_instroom", organisation: "ROS Midden-Brabant", region: "Midden-Brabant",
            target: .businessCase, day: 285,
            problem: """
                Vacatures voor praktijkondersteuners en assistenten in Midden-Brabant staan verspreid over tientallen \
                websites; werkzoekenden en opleidingen zien niet waar de tekorten zitten.
                """,
            partners: ["ros", "huisartsenpraktijk", "mbo", "hbo"],
            groups: ["doktersassistent", "praktijkondersteuner", "zij_instromer"], fteSaved: 1, cost: 39_000,
            funding: "eigen_middelen"),
        Plan(
            title: "Zelfroosteren voor assistenten",
            summary: """
                Assistenten stellen hun eigen rooster samen binnen afspraken van het team, wat de werkdruk \
                voorspelbaarder maakt en verzuim verlaagt.
                """,
            theme: "behoud_betrokkenheid", organisation: "Huisartsenpraktijk Groningen-Zuid", region: "Groningen",
            target: .submitted, day: 358,
            problem: """
                In een enquête onder 120 Groningse assistenten noemt 64% het vaste rooster, naast de werkdruk, de \
                grootste bron van stress.
                """,
            partners: ["huisartsenpraktijk", "hagro"], groups: ["doktersassistent"], fteSaved: 1),
        Plan(
            title: "Traineeship praktijkmanagement",
            summary: """
                Een traineeship van twee jaar voor hbo-afgestudeerden die praktijkmanager willen worden, rouleren over \
                praktijken in de regio.
                """,
            theme: "onderwijsvernieuwing", organisation: "Zorggroep Flevoland", region: "Flevoland",
            target: .readyForReview, day: 315,
            problem: """
                Een derde van de praktijkmanagers in Flevoland is ouder dan 58; geen opleiding bereidt hbo'ers voor op \
                het management van een huisartsenpraktijk.
                """,
            partners: ["zorggroep", "hbo", "huisartsenpraktijk"], groups: ["zij_instromer"], fteSaved: 1.5),
        Plan(
            title: "Centrale receptenlijn voor herhaalmedicatie",
            summary: """
                Een centraal team van doktersassistenten handelt voor alle praktijken van de HAGRO de herhaalrecepten \
                af, via één telefoonlijn en de app, zodat de assistenten in de praktijk tijd overhouden voor de balie \
                en het spreekuur.
                """,
            theme: "anders_besturen", organisation: "HAGRO Venlo", region: "Noord- en Midden-Limburg",
            target: .nationalByAdoptions, day: 0,
            problem: """
                Assistenten in Noord-Limburg besteden per praktijk ruim twaalf uur per week aan herhaalrecepten, de \
                helft daarvan aan de telefoon; bij ziekte blijft de receptenlijn onbemand.
                """,
            partners: ["hagro", "huisartsenpraktijk", "zorggroep"], groups: ["doktersassistent"], fteSaved: 6,
            cost: 96_000,
            pilot: Pilot(participants: 22, satisfaction: 8.6, hoursSaved: 38, regionsInterested: 6),
            adoptions: [
                Adoption(
                    region: "Zuid-Limburg", organisation: "HAGRO Heerlen", lead: "Wendy Janssen", after: 8,
                    reach: .evaluated, practices: 14, hours: 41),
                Adoption(
                    region: "Noordoost-Brabant", organisation: "HAGRO Veghel", lead: "Femke van den Heuvel", after: 16,
                    reach: .evaluated, practices: 11, hours: 29),
                Adoption(
                    region: "Midden-Brabant", organisation: "HAGRO Tilburg-Noord", lead: "Yusuf Demir", after: 28,
                    reach: .live, practices: 16, hours: 35),
                Adoption(
                    region: "Zeeland", organisation: "Zorggroep Zeeland", lead: "Marco Boonman", after: 30,
                    reach: .stopped(
                        """
                        Te weinig praktijken in Zeeuws-Vlaanderen doen mee om een centraal team te bemensen
                        """)),
                Adoption(
                    region: "Twente", organisation: "Zorggroep Twente", lead: "Gerda Olde Monnikhof", after: 40,
                    reach: .live, practices: 23, hours: 44),
                Adoption(
                    region: "Drenthe", organisation: "Zorggroep Drenthe-Zuid", lead: "Alie Mulder", after: 52,
                    reach: .live, practices: 9, hours: 18),
                Adoption(
                    region: "Zaanstreek en Waterland", organisation: "HAGRO Zaanstad", lead: "Dennis Koster", after: 60,
                    reach: .live, practices: 13, hours: 27),
                Adoption(
                    region: "Utrecht en omgeving", organisation: "HAGRO Utrecht-Overvecht", lead: "Sophie Bos",
                    after: 85, reach: .plan, practices: 12),
                Adoption(
                    region: "Haaglanden", organisation: "HAGRO Delft", lead: "Nadia Bouali", after: 160,
                    reach: .intake),
            ]),
        Plan(
            title: "Regionaal leerbedrijf voor assistenten in opleiding",
            summary: """
                Een leerbedrijf neemt studenten doktersassistent in dienst en laat hen roteren over praktijken, met \
                één praktijkopleider per vijf studenten, zodat ook kleine praktijken zonder eigen begeleider \
                stageplaatsen bieden.
                """,
            theme: "onderwijsvernieuwing", organisation: "Zorggroep De Kempen", region: "Zuidoost-Brabant",
            target: .regional, day: 15,
            problem: """
                Zuidoost-Brabant heeft 160 stageplaatsen per jaar nodig en vindt er 95; kleine praktijken haken af \
                omdat begeleiding naast het spreekuur niet te doen is.
                """,
            partners: ["zorggroep", "mbo", "huisartsenpraktijk"], groups: ["stagiair", "doktersassistent"],
            fteSaved: 4.5, cost: 210_000, funding: "subsidie",
            pilot: Pilot(participants: 19, satisfaction: 8.0, hoursSaved: 11, regionsInterested: 5),
            adoptions: [
                Adoption(
                    region: "West-Brabant", organisation: "HAGRO Breda-Noord", lead: "Linda Hendriks", after: 10,
                    reach: .live, practices: 21, hours: 8, students: 14),
                Adoption(
                    region: "Noord- en Midden-Limburg", organisation: "Zorggroep Noord-Limburg", lead: "Tom Peeters",
                    after: 18, reach: .evaluated, practices: 17, hours: 10, students: 22),
                Adoption(
                    region: "Amsterdam", organisation: "Zorggroep Amsterdam-Noord", lead: "Fatima Ouali", after: 33,
                    reach: .live, practices: 26, hours: 12, students: 18),
                Adoption(
                    region: "Midden-Gelderland", organisation: "HAGRO Arnhem-Zuid", lead: "Rik van Dijk", after: 45,
                    reach: .stopped(
                        """
                        De mbo-opleiding levert pas volgend schooljaar praktijkopleiders; de regio meldt zich dan \
                        opnieuw aan
                        """)),
                Adoption(
                    region: "Gooi- en Vechtstreek", organisation: "Gezondheidscentrum Bussum-Zuid", lead: "Eva Mol",
                    after: 140, reach: .intake),
            ]),
        Plan(
            title: "Beeldbellen met de praktijkondersteuner",
            summary: """
                Patiënten in kleine Drentse dorpen beeldbellen voor controles en korte vragen met de \
                praktijkondersteuner, vanuit huis of vanuit het dorpshuis met hulp van een vrijwilliger.
                """,
            theme: "innovatie_technologie", organisation: "Huisartsenpraktijk De Wolden", region: "Drenthe",
            target: .pilot, day: 120,
            problem: """
                Praktijkondersteuners in Zuidwest-Drenthe rijden gemiddeld zes uur per week voor huisbezoeken; een op \
                de drie bezoeken is een korte controle die ook op afstand kan.
                """,
            partners: ["huisartsenpraktijk", "gemeente", "zorgverzekeraar"], groups: ["praktijkondersteuner"],
            fteSaved: 2.5, cost: 64_000, funding: "eigen_middelen"),
        Plan(
            title: "Loopbaanpad van assistent naar praktijkondersteuner",
            summary: """
                Ervaren doktersassistenten volgen met behoud van salaris de hbo-opleiding tot praktijkondersteuner, \
                met een terugkeergarantie in de eigen praktijk en een gezamenlijk opleidingsbudget van de HAGRO.
                """,
            theme: "behoud_betrokkenheid", organisation: "HAGRO Zwolle", region: "IJsselvecht", target: .businessCase,
            day: 240,
            problem: """
                In de regio Zwolle vertrekken ervaren assistenten naar het ziekenhuis omdat de praktijk geen groei \
                biedt; tegelijk staan er achttien vacatures voor praktijkondersteuners open.
                """,
            partners: ["hagro", "hbo", "huisartsenpraktijk"], groups: ["doktersassistent", "praktijkondersteuner"],
            fteSaved: 3, cost: 180_000),
        Plan(
            title: "Assistenten opleiden tot triagist",
            summary: """
                Doktersassistenten uit de praktijken volgen een leertraject tot triagist op de huisartsenpost, met \
                meeluisterdiensten en een vaste coach, zodat de post minder afhankelijk wordt van uitzendkrachten.
                """,
            theme: "onderwijsvernieuwing", organisation: "Huisartsenpost Apeldoorn-Zutphen",
            region: "Noordwest-Veluwe en Stedendriehoek", target: .readyForReview, day: 320,
            problem: """
                De huisartsenpost heeft veertien vacatures voor triagisten; 30% van de avonddiensten wordt ingevuld \
                door uitzendkrachten die de regio niet kennen.
                """,
            partners: ["huisartsenpost", "huisartsenpraktijk", "ros"], groups: ["doktersassistent", "triagist"],
            fteSaved: 3),
        Plan(
            title: "Studenten verpleegkunde als praktijkhulp",
            summary: """
                Studenten hbo-verpleegkunde werken in vaste avond- en zaterdagdiensten als praktijkhulp: zij \
                ondersteunen bij metingen, administratie en telefoon en leren de huisartsenzorg van dichtbij kennen.
                """,
            theme: "instroom_zij_instroom", organisation: "Zorggroep Rivierenland", region: "Zuid-West Gelderland",
            target: .submitted, day: 345,
            problem: """
                Praktijken in Rivierenland vinden geen tijdelijke krachten voor piekmomenten, terwijl studenten in \
                Nijmegen en Utrecht een bijbaan in de zorg zoeken.
                """,
            partners: ["zorggroep", "huisartsenpraktijk", "hbo"], groups: ["stagiair"], fteSaved: 1.5),
        Plan(
            title: "Werkdrukmonitor per praktijk",
            summary: """
                Een korte maandelijkse meting van werkdruk en werkplezier per praktijk, met een terugkoppeling aan het \
                team en een gesprek met de HAGRO zodra de scores twee maanden op rij dalen.
                """,
            theme: "behoud_betrokkenheid", organisation: "HAGRO Arnhem-Zuid", region: "Midden-Gelderland",
            target: .killed, day: 110,
            problem: """
                Het verzuim onder doktersassistenten in de regio Arnhem steeg in twee jaar van 5,1% naar 7,8%; \
                praktijkhouders merken het pas als iemand uitvalt.
                """,
            partners: ["hagro", "huisartsenpraktijk", "ros"], groups: ["doktersassistent", "praktijkondersteuner"],
            fteSaved: 1,
            reason: "De ROS neemt de meting op in haar regionale monitor; een eigen traject is niet nodig"),
        Plan(
            title: "Zorgassistent voor niet-medische taken",
            summary: """
                Een zorgassistent zonder medische opleiding neemt post, scannen, voorraad, het verzetten van afspraken \
                en uitleg over de app over, zodat doktersassistenten aan hun medische taken toekomen.
                """,
            theme: "anders_besturen", organisation: "Gezondheidscentrum Bussum-Zuid", region: "Gooi- en Vechtstreek",
            target: .pilot, day: 160,
            problem: """
                Een tijdmeting in vier praktijken liet zien dat doktersassistenten 35% van hun tijd kwijt zijn aan \
                taken waarvoor geen medische opleiding nodig is.
                """,
            partners: ["gezondheidscentrum", "gemeente", "mbo"], groups: ["zij_instromer", "doktersassistent"],
            fteSaved: 3.5, cost: 72_000, funding: "eigen_middelen"),
        Plan(
            title: "Normale labuitslagen automatisch naar de patiënt",
            summary: """
                Normale laboratoriumuitslagen gaan met een toelichting van de huisarts automatisch naar de patiënt in \
                de app; alleen afwijkende uitslagen komen nog bij de assistent en de huisarts terecht.
                """,
            theme: "innovatie_technologie", organisation: "Zorggroep Bergen op Zoom", region: "West-Brabant",
            target: .pilot, day: 190,
            problem: """
                De uitslagenlijn kost een gemiddelde praktijk in West-Brabant negen uur per week, terwijl 80% van de \
                uitslagen normaal is en geen actie vraagt.
                """,
            partners: ["huisartsenpraktijk", "zorggroep", "zorgverzekeraar"], groups: ["doktersassistent", "huisarts"],
            fteSaved: 3, cost: 135_000),
        Plan(
            title: "Diensten binnen schooltijden",
            summary: """
                Praktijken bieden assistenten met jonge kinderen diensten binnen schooltijden en ruilen onderling uren \
                via een gedeeld rooster, zodat ervaren assistenten blijven en meer uren kunnen werken.
                """,
            theme: "behoud_betrokkenheid", organisation: "HAGRO Oss-Uden", region: "Noordoost-Brabant",
            target: .regional, day: 70,
            problem: """
                In Noordoost-Brabant werkt 70% van de assistenten in deeltijd; een op de vier wil meer uren werken als \
                de diensten binnen schooltijden vallen.
                """,
            partners: ["hagro", "huisartsenpraktijk", "gemeente"], groups: ["doktersassistent"], fteSaved: 2.5,
            cost: 28_000, funding: "eigen_middelen",
            pilot: Pilot(participants: 16, satisfaction: 7.8, hoursSaved: 9, regionsInterested: 3)),
        Plan(
            title: "Digitale inschrijving van nieuwe patiënten",
            summary: """
                Nieuwe patiënten schrijven zich digitaal in, met de gegevens van de vorige huisarts en een korte \
                vragenlijst; de assistent belt alleen nog de onvolledige inschrijvingen na.
                """,
            theme: "innovatie_technologie", organisation: "Huisartsenpraktijk Haarlem-Schalkwijk",
            region: "Amstelland/Kennemerland/Meerlanden", target: .businessCase, day: 300,
            problem: """
                Door nieuwbouw in Haarlem en de Haarlemmermeer schrijven zich per praktijk veertig nieuwe patiënten \
                per maand in; elke papieren inschrijving kost de balie twintig minuten.
                """,
            partners: ["huisartsenpraktijk", "hagro"], groups: ["doktersassistent"], fteSaved: 1.5, cost: 48_000,
            funding: "eigen_middelen"),
        Plan(
            title: "Stages hbo-verpleegkunde in de huisartsenpraktijk",
            summary: """
                Derdejaarsstudenten hbo-verpleegkunde lopen een halfjaarstage in een duo van praktijken, begeleid door \
                een praktijkondersteuner, zodat meer verpleegkundigen de huisartsenzorg als werkplek leren kennen.
                """,
            theme: "onderwijsvernieuwing", organisation: "Zorggroep Rotterdam-Zuid", region: "Rijnmond",
            target: .readyForReview, day: 335,
            problem: """
                Van de zeshonderd verpleegkundigen die jaarlijks in Rotterdam afstuderen, kiest minder dan 2% voor de \
                huisartsenzorg; de meesten liepen er nooit stage.
                """,
            partners: ["zorggroep", "hbo", "huisartsenpraktijk"], groups: ["stagiair", "praktijkondersteuner"],
            fteSaved: 2),
        Plan(
            title: "Zij-instroom vanuit de buurt",
            summary: """
                Buurtbewoners met ervaring als mantelzorger of in de thuiszorg worden via het wijkteam geworven voor \
                een leerwerkbaan als doktersassistent in het gezondheidscentrum van hun eigen buurt.
                """,
            theme: "instroom_zij_instroom", organisation: "Gezondheidscentrum Nieuw-West", region: "Amsterdam",
            target: .recycled, day: 180,
            problem: """
                Gezondheidscentra in Nieuw-West vinden geen assistenten die de talen van de wijk spreken, terwijl 30% \
                van de patiënten hulp nodig heeft bij het gesprek.
                """,
            partners: ["gezondheidscentrum", "gemeente", "mbo"], groups: ["zij_instromer"], fteSaved: 2,
            reason: "Eerst met het werkgeversservicepunt van de gemeente afspraken maken over de leerwerkbanen"),
        Plan(
            title: "Chatbot voor veelgestelde vragen",
            summary: """
                Een chatbot op de website en in de app beantwoordt vragen over openingstijden, herhaalrecepten en \
                uitslagen, zodat minder patiënten bellen voor informatie die al online staat.
                """,
            theme: "innovatie_technologie", organisation: "Huisartsenpraktijk Enschede-Zuid", region: "Twente",
            target: .killed, day: 130,
            problem: """
                Een kwart van de telefoontjes naar de praktijken in Enschede gaat over vragen die de website al \
                beantwoordt; daardoor zijn de lijnen 's ochtends overbelast.
                """,
            partners: ["huisartsenpraktijk", "hagro"], groups: ["doktersassistent"], fteSaved: 1,
            reason: "De leverancier stopt met het product; de praktijken sluiten aan bij een landelijke oplossing"),
    ]
}
